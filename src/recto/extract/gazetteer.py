"""A small curated gazetteer of people, places and organisations of the collection.

Source: compiled by hand for Recto from standard romanisations (Hanyu Pinyin
for Chinese, the names as printed in the Wilson Center translations, Russian and
German forms as used in the period's documents). Nothing is downloaded. Chinese
names are written in simplified characters: text is folded with OpenCC before
matching, so traditional forms (`新疆維吾尔自治区`) match too. Abbreviated forms
used in distribution lists (`少奇` for 刘少奇) are listed as aliases.

More entries come from plugins through the `recto_gazetteers` hook: each returns a
list of dicts of the same shape as `ENTRIES`.
"""

from __future__ import annotations

from typing import Any

# id, type, then names by language; "zh" in simplified characters.
ENTRIES: list[dict[str, Any]] = [
    # places
    {"id": "xinjiang-uyghur-autonomous-region", "type": "place", "names": {
        "zh": ["新疆维吾尔自治区"], "en": ["Xinjiang Uyghur Autonomous Region", "Xinjiang Uighur Autonomous Region"],
        "ru": ["Синьцзян-Уйгурский автономный район"], "de": ["Autonome Region Xinjiang", "Autonomes Gebiet Xinjiang", "Uigurische Autonome Region Xinjiang"]}},
    {"id": "xinjiang", "type": "place", "names": {
        "zh": ["新疆"], "en": ["Xinjiang", "Sinkiang"], "ru": ["Синьцзян"], "de": ["Xinjiang", "Sinkiang"]}},
    {"id": "soviet-union", "type": "place", "names": {
        "zh": ["苏联"], "en": ["Soviet Union", "USSR"], "ru": ["СССР", "Советский Союз"], "de": ["Sowjetunion", "UdSSR"]}},
    {"id": "peoples-republic-of-china", "type": "place", "names": {
        "zh": ["中华人民共和国"], "en": ["People's Republic of China", "PRC", "PR China"],
        "ru": ["КНР", "Китайская Народная Республика"], "de": ["VR China", "Volksrepublik China"]}},
    {"id": "china", "type": "place", "names": {"zh": ["中国"], "en": ["China"], "ru": ["Китай"], "de": ["China"]}},
    {"id": "ili", "type": "place", "names": {"zh": ["伊犁"], "en": ["Ili"], "ru": ["Или", "Илийский"], "de": ["Ili"]}},
    {"id": "yining", "type": "place", "names": {"zh": ["伊宁"], "en": ["Yining", "Kuldja", "Gulja"], "ru": ["Кульджа", "Инин"], "de": ["Yining", "Kuldscha"]}},
    {"id": "urumqi", "type": "place", "names": {"zh": ["乌鲁木齐"], "en": ["Urumqi", "Urumchi"], "ru": ["Урумчи"], "de": ["Urumqi", "Urumtschi"]}},
    {"id": "tacheng", "type": "place", "names": {"zh": ["塔城"], "en": ["Tacheng", "Chuguchak"], "ru": ["Чугучак"], "de": ["Tacheng"]}},
    {"id": "beijing", "type": "place", "names": {"zh": ["北京"], "en": ["Beijing", "Peking"], "ru": ["Пекин"], "de": ["Peking", "Beijing"]}},
    {"id": "moscow", "type": "place", "names": {"zh": ["莫斯科"], "en": ["Moscow"], "ru": ["Москва"], "de": ["Moskau"]}},
    {"id": "kazakh-ssr", "type": "place", "names": {"zh": ["哈萨克共和国", "哈萨克斯坦"], "en": ["Kazakh SSR", "Kazakhstan"], "ru": ["Казахская ССР", "Казахстан"], "de": ["Kasachische SSR"]}},
    {"id": "alma-ata", "type": "place", "names": {"zh": ["阿拉木图"], "en": ["Alma-Ata", "Almaty"], "ru": ["Алма-Ата"], "de": ["Alma-Ata"]}},
    {"id": "gdr", "type": "place", "names": {"zh": ["民主德国"], "en": ["GDR", "German Democratic Republic"], "ru": ["ГДР"], "de": ["DDR", "Deutsche Demokratische Republik"]}},
    # organisations
    {"id": "prc-ministry-of-foreign-affairs", "type": "organization", "names": {
        "zh": ["中华人民共和国外交部", "外交部"], "en": ["Ministry of Foreign Affairs", "Foreign Ministry", "MFA"],
        "ru": ["МИД КНР"], "de": ["Außenministerium der VR China", "chinesische Außenministerium", "chinesischen Außenministerium"]}},
    {"id": "soviet-government", "type": "organization", "names": {
        "zh": ["苏联政府"], "en": ["Government of the Soviet Union", "Soviet Government", "Soviet government"],
        "ru": ["Советское правительство", "Правительство СССР", "советское правительство"], "de": ["Sowjetregierung", "sowjetische Regierung"]}},
    {"id": "prc-government", "type": "organization", "names": {
        "zh": ["中华人民共和国政府", "中国政府"], "en": ["Government of the People's Republic of China", "Government of the PRC", "Chinese Government", "Chinese government"],
        "ru": ["Правительство КНР", "китайское правительство"], "de": ["Regierung der VR China", "chinesische Regierung"]}},
    {"id": "soviet-embassy-in-china", "type": "organization", "names": {
        "zh": ["苏联驻华使馆", "苏联大使馆"], "en": ["Soviet Embassy in China", "Soviet Embassy", "Embassy of the USSR"],
        "ru": ["Посольство СССР в КНР", "советское посольство"], "de": ["sowjetische Botschaft", "sowjetischen Botschaft", "Botschaft der UdSSR"]}},
    {"id": "gdr-embassy-in-china", "type": "organization", "names": {
        "zh": ["民主德国驻华使馆"], "en": ["Embassy of the GDR in the PR China", "GDR Embassy in Beijing", "GDR Embassy"],
        "ru": ["Посольство ГДР"], "de": ["Botschaft der DDR in der VR China", "Botschaft der DDR"]}},
    {"id": "soviet-consulate-urumqi", "type": "organization", "names": {
        "zh": ["苏联驻乌鲁木齐总领事馆"], "en": ["Soviet Consulate General in Urumqi"], "ru": ["Генеральное консульство СССР в Урумчи"], "de": ["sowjetische Generalkonsulat in Urumqi"]}},
    {"id": "prc-mfa-department-ussr-eastern-europe", "type": "organization", "names": {
        "zh": ["苏欧司"], "en": ["Department of Soviet and East European Affairs"]}},
    {"id": "prc-mfa-consular-department", "type": "organization", "names": {"zh": ["领事司"], "en": ["Consular Department"]}},
    {"id": "prc-mfa-general-office", "type": "organization", "names": {"zh": ["外交部办公厅"], "en": ["General Office of the Ministry of Foreign Affairs"]}},
    {"id": "xuar-peoples-committee", "type": "organization", "names": {
        "zh": ["新疆维吾尔自治区人民委员会"], "en": ["People's Committee of the Xinjiang Uyghur Autonomous Region", "Xinjiang People's Committee"],
        "ru": ["народный комитет Синьцзян-Уйгурского автономного района"], "de": ["Volkskomitee des Autonomen Gebiets Xinjiang"]}},
    {"id": "cpsu-central-committee", "type": "organization", "names": {
        "zh": ["苏共中央"], "en": ["Central Committee of the CPSU", "CPSU Central Committee", "CC CPSU"], "ru": ["ЦК КПСС"], "de": ["ZK der KPdSU"]}},
    {"id": "ccp-central-committee", "type": "organization", "names": {
        "zh": ["中共中央"], "en": ["Central Committee of the CCP", "CCP Central Committee"], "ru": ["ЦК КПК"], "de": ["ZK der KP Chinas"]}},
    {"id": "sed-central-committee", "type": "organization", "names": {
        "zh": ["统一社会党中央"], "en": ["SED Central Committee", "Central Committee of the SED"], "ru": ["ЦК СЕПГ"], "de": ["ZK der SED"]}},
    # people (surname first for Chinese; aliases are the forms used in distribution lists)
    {"id": "ji-pengfei", "type": "person", "names": {"zh": ["姬鹏飞"], "en": ["Ji Pengfei"], "ru": ["Цзи Пэнфэй"], "de": ["Ji Pengfei"]}},
    {"id": "zhang-hanfu", "type": "person", "names": {"zh": ["章汉夫", "汉夫"], "en": ["Zhang Hanfu", "Hanfu"], "ru": ["Чжан Ханьфу"], "de": ["Zhang Hanfu"]}},
    {"id": "huang-zhen", "type": "person", "names": {"zh": ["黄镇"], "en": ["Huang Zhen"], "ru": ["Хуан Чжэнь"], "de": ["Huang Zhen"]}},
    {"id": "chen-yi", "type": "person", "names": {"zh": ["陈毅"], "en": ["Chen Yi"], "ru": ["Чэнь И"], "de": ["Chen Yi"]}},
    {"id": "mao-zedong", "type": "person", "names": {"zh": ["毛泽东", "毛主席"], "en": ["Mao Zedong", "Chairman Mao"], "ru": ["Мао Цзэдун"], "de": ["Mao Zedong"]}},
    {"id": "liu-shaoqi", "type": "person", "names": {"zh": ["刘少奇", "少奇"], "en": ["Liu Shaoqi"], "ru": ["Лю Шаоци"], "de": ["Liu Shaoqi"]}},
    {"id": "zhou-enlai", "type": "person", "names": {"zh": ["周恩来", "恩来", "周总理"], "en": ["Zhou Enlai", "Premier Zhou"], "ru": ["Чжоу Эньлай"], "de": ["Zhou Enlai", "Tschou En-lai"]}},
    {"id": "zhu-de", "type": "person", "names": {"zh": ["朱德"], "en": ["Zhu De"], "ru": ["Чжу Дэ"]}},
    {"id": "chen-yun", "type": "person", "names": {"zh": ["陈云"], "en": ["Chen Yun"], "ru": ["Чэнь Юнь"]}},
    {"id": "lin-biao", "type": "person", "names": {"zh": ["林彪"], "en": ["Lin Biao"], "ru": ["Линь Бяо"]}},
    {"id": "deng-xiaoping", "type": "person", "names": {"zh": ["邓小平", "小平"], "en": ["Deng Xiaoping"], "ru": ["Дэн Сяопин"]}},
    {"id": "peng-zhen", "type": "person", "names": {"zh": ["彭真"], "en": ["Peng Zhen"], "ru": ["Пэн Чжэнь"]}},
    {"id": "he-long", "type": "person", "names": {"zh": ["贺龙"], "en": ["He Long"], "ru": ["Хэ Лун"]}},
    {"id": "lu-dingyi", "type": "person", "names": {"zh": ["陆定一", "定一"], "en": ["Lu Dingyi"]}},
    {"id": "kang-sheng", "type": "person", "names": {"zh": ["康生"], "en": ["Kang Sheng"], "ru": ["Кан Шэн"]}},
    {"id": "wang-jiaxiang", "type": "person", "names": {"zh": ["王稼祥", "稼祥"], "en": ["Wang Jiaxiang"]}},
    {"id": "yang-shangkun", "type": "person", "names": {"zh": ["杨尚昆", "尚昆"], "en": ["Yang Shangkun"]}},
    {"id": "li-weihan", "type": "person", "names": {"zh": ["李维汉", "维汉"], "en": ["Li Weihan"]}},
    {"id": "luo-ruiqing", "type": "person", "names": {"zh": ["罗瑞卿", "瑞卿"], "en": ["Luo Ruiqing"]}},
    {"id": "xie-fuzhi", "type": "person", "names": {"zh": ["谢富治", "富治"], "en": ["Xie Fuzhi"]}},
    {"id": "kong-yuan", "type": "person", "names": {"zh": ["孔原"], "en": ["Kong Yuan"]}},
    {"id": "li-tao", "type": "person", "names": {"zh": ["李涛"], "en": ["Li Tao"]}},
    {"id": "saifuddin-azizi", "type": "person", "names": {"zh": ["赛福鼎"], "en": ["Saifuddin Azizi", "Saifuddin"], "ru": ["Сайфуддин Азизи", "Сайфуддин"], "de": ["Saifuddin"]}},
    {"id": "nikita-khrushchev", "type": "person", "names": {"zh": ["赫鲁晓夫"], "en": ["Khrushchev", "N. S. Khrushchev"], "ru": ["Хрущев", "Хрущёв", "Н.С. Хрущев"], "de": ["Chruschtschow"]}},
    {"id": "stepan-chervonenko", "type": "person", "names": {"zh": ["契尔沃年科"], "en": ["Chervonenko", "S. V. Chervonenko"], "ru": ["Червоненко", "С.В. Червоненко"], "de": ["Tschervonenko"]}},
]  # fmt: skip


def entries() -> list[dict[str, Any]]:
    """The built-in entries, then any a plugin adds (same id: the plugin's names are added)."""
    from recto.plugins import pm

    merged = {e["id"]: {"id": e["id"], "type": e["type"], "names": {k: list(v) for k, v in e["names"].items()}} for e in ENTRIES}
    hook = getattr(pm.hook, "recto_gazetteers", None)
    for batch in hook() if hook is not None else []:
        for e in batch or []:
            target = merged.setdefault(e["id"], {"id": e["id"], "type": e["type"], "names": {}})
            for lang, names in e.get("names", {}).items():
                target["names"].setdefault(lang, []).extend(n for n in names if n not in target["names"].get(lang, []))
    return list(merged.values())
