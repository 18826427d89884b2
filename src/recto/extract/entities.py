"""People, places and organisations in the original and the translation, linked across languages.

Two sources of mentions: the gazetteer (`gazetteer.py`, matched on OpenCC-folded
text so traditional forms match), and rules for names it does not know (a
Chinese name before `同志`, a name after a title such as `临时代办` or
`Comrade`, Russian initials and surname). Mentions in different texts of one
record become one authority entry when they are the same gazetteer entry, when
the Chinese name's pinyin spells the English one (`章汉夫` = `Zhang Hanfu`), when a
Cyrillic name transliterates to the Latin one (`Сомов` = `Somov`), or, for the
persons left over, when a Chinese transliteration sounds like a Latin name
(`梅曉滋夫` = `Mesyatsev`, by a consonant skeleton).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from anyascii import anyascii
from pypinyin import Style, lazy_pinyin

from recto.extract import gazetteer
from recto.text.fold import fold_cjk
from recto.text.langid import base


@dataclass(frozen=True)
class Mention:
    text_index: int  # which text of the record
    language: str
    paragraph: int
    start: int
    end: int
    text: str
    type: str  # person | place | organization
    key: str  # gazetteer id, or a rule's key (pinyin / transliteration)
    source: str  # gazetteer | rule

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Entity:
    """One authority entry: a real person, place or organisation, with its names by language."""

    id: str
    type: str
    label: str
    names: dict[str, list[str]] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    gazetteer: bool = False
    link_reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "label": self.label,
            "names": {k: list(v) for k, v in self.names.items()},
            "mentions": [m.to_json() for m in self.mentions],
            "gazetteer": self.gazetteer,
            "link_reasons": list(self.link_reasons),
        }


_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_SURNAMES = set(
    "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严赖覃洪武莫孔"
    "章姬耿乔伍康聂粟"
)
# Titles before a name, and what follows a name, in Chinese.
_ZH_TITLE = r"(?:临时代办|代办|大使|参赞|总领事|领事|副部长|部长|副主席|主席|总理|副总理|书记|秘书|专员|司长|处长|外长)"
_ZH_AFTER = r"(?:同志|先生|女士|面交|转交|会见|接见|说|称|表示|指出|的)"
_ZH_COMRADE = re.compile(rf"(?<![{_HAN}])?([{_HAN}]{{2,3}})(?:同志|先生)")
_ZH_TITLED = re.compile(rf"{_ZH_TITLE}((?![的在和与同对向了])[{_HAN}]{{2,5}}?){_ZH_AFTER}")
# Capitalised words that follow titles but are not names.
_NOT_NAMES = {"General", "Ad", "Interim", "Soviet", "Chinese", "Government", "Embassy", "Minister", "Deputy", "Vice", "The", "Of"}
_EN_TITLE = (
    r"(?:Comrade|Comrades|Mr\.|Mrs\.|Ambassador|Vice Minister|Deputy Minister|Minister|Premier|Chairman|Consul General|"
    r"Vice-Consul|Consul|Chargé d'affaires(?: [Aa]d [Ii]nterim)?+|Deputy Chairman|Genosse|Genossen|Herr|Botschafter|Geschäftsträger)"
)
_NAME_EN = r"(?:[A-Z]\.\s?){0,2}[A-Z][a-zäöüé]+(?:[- ][A-Z][a-zäöüé]+)?"
_EN_TITLED = re.compile(rf"\b{_EN_TITLE}\s+({_NAME_EN})")
_EN_APPOSITION = re.compile(rf"\b((?:[A-Z]\.\s?){{0,2}}[A-Z][a-z]+), (?:the )?(?:Chargé d'affaires|Ambassador|Consul|Vice Minister|Deputy|Counsellor|Geschäftsträger|Botschafter)")
_EN_SIGNED = re.compile(r"^(?:signed|gez\.)\s+([A-ZÄÖÜ][a-zäöüß]+)")
_RU_INITIALS = re.compile(r"(?<![А-Яа-яЁё])((?:[А-ЯЁ]\.\s?){1,2}\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)")
_RU_SURNAME_INITIALS = re.compile(r"(?<![А-Яа-яЁё])([А-ЯЁ][а-яё]+\s(?:[А-ЯЁ]\.\s?){1,2})")
_RU_CHINESE = re.compile(r"(?<![А-Яа-яЁё])((?:Ли|Ван|Чжан|Лю|Чэнь|Ян|Хуан|Чжао|Чжоу|Сунь|Ма|Чжу|Ху|Го|Хэ|Линь|Ло|Гао|Пэн|Дэн|Цзи|Сюй|Кан)\s[А-ЯЁ][а-яё]{2,})")
_LATIN_INITIALS = re.compile(r"(?<![\w.])((?:[A-Z]\.\s?){1,2}[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)")
_PINYIN_NAME = re.compile(r"\b([A-Z][a-z]{0,5}) ([A-Z][a-z]{1,5}(?:[a-z]{1,6})?)\b")


@cache
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable, from pypinyin's own dictionary."""
    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for value in pinyin_dict.values():
        for reading in value.split(","):
            s = unicodedata.normalize("NFD", reading)
            out.add("".join(ch for ch in s if not unicodedata.combining(ch)).replace("ü", "v"))
    return frozenset(out)


def _is_pinyin_word(word: str, parts: int = 3) -> bool:
    w = word.lower().replace("'", "")
    if w in _syllables():
        return True
    if parts <= 1:
        return False
    return any(w[:k] in _syllables() and _is_pinyin_word(w[k:], parts - 1) for k in range(1, min(7, len(w))))


@cache
def _index() -> dict[str, tuple[re.Pattern[str], dict[str, tuple[str, str]]]]:
    """Per language: one alternation of every gazetteer name (longest first) and name -> (id, type)."""
    by_lang: dict[str, dict[str, tuple[str, str]]] = {}
    for e in gazetteer.entries():
        for lang, names in e["names"].items():
            for n in names:
                by_lang.setdefault(lang, {})[n] = (e["id"], e["type"])
    out = {}
    for lang, names in by_lang.items():
        alts = []
        for n in sorted(names, key=len, reverse=True):
            if lang == "zh":
                alts.append(re.escape(n))
            elif lang in ("ru", "de"):
                alts.append(_inflected(n))
            else:
                alts.append(re.escape(n))
        if lang == "zh":
            pattern = re.compile("|".join(alts))
        else:
            pattern = re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w'])")
        out[lang] = (pattern, names)
    return out


def _inflected(name: str) -> str:
    """A Russian or German name that tolerates case endings: `автономный район` ~ `автономного района`."""
    words = []
    for w in name.split(" "):
        if len(w) >= 5 and re.search(r"[а-яёa-zäöü]$", w):
            stem = re.sub(r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|а|я|о|е|ы|и|й|ь|e)$", "", w)
            words.append(re.escape(stem) + r"\w{0,4}")
        else:
            words.append(re.escape(w))
    return r"\s+".join(words)


@cache
def _inflected_forms(lang: str) -> list[tuple[re.Pattern[str], tuple[str, str]]]:
    return [(re.compile(_inflected(name)), value) for name, value in _index()[lang][1].items()]


def _lookup(lang: str, surface: str) -> tuple[str, str] | None:
    names = _index()[lang][1]
    if surface in names:
        return names[surface]
    if lang in ("ru", "de"):  # an inflected form
        for pattern, value in _inflected_forms(lang):
            if pattern.fullmatch(surface):
                return value
    return None


def find_mentions(paragraphs: list[str], language: str, text_index: int = 0, skip: set[int] | None = None) -> list[Mention]:
    """Mentions in one text; paragraphs in `skip` (distribution lists: their names are recipients) are left out."""
    lang = base(language)
    out: list[Mention] = []
    index = _index()
    for p, para in enumerate(paragraphs):
        if skip and p in skip:
            continue
        text = fold_cjk(para) if lang in ("zh", "ja") else para
        taken: list[tuple[int, int]] = []

        def add(start: int, end: int, type_: str, key: str, source: str) -> None:
            if any(s < end and start < e for s, e in taken):
                return
            taken.append((start, end))
            out.append(Mention(text_index, language, p, start, end, para[start:end], type_, key, source))

        if lang in index:
            pattern, _ = index[lang]
            for m in pattern.finditer(text):
                found = _lookup(lang, m.group(0))
                if found:
                    add(m.start(), m.end(), found[1], found[0], "gazetteer")
        # longest first, so "Li Jianhua" wins over "Jianhua, Deputy Chairman"
        for start, end, key in sorted(_rule_persons(text, lang), key=lambda t: (t[0] - t[1], t[0])):
            if text[start:end].split()[0] not in _NOT_NAMES:
                add(start, end, "person", key, "rule")
    return sorted(out, key=lambda m: (m.paragraph, m.start))


def _rule_persons(text: str, lang: str) -> list[tuple[int, int, str]]:
    found = []
    if lang in ("zh", "ja"):
        for m in _ZH_TITLED.finditer(text):
            found.append((m.start(1), m.end(1), m.group(1)))
        for m in _ZH_COMRADE.finditer(text):
            name = m.group(1)
            # the name is the longest tail that starts with a surname: "面交黄镇" -> "黄镇"
            for k in range(len(name) - 1):
                if name[k] in _SURNAMES and len(name) - k in (2, 3):
                    found.append((m.start(1) + k, m.end(1), name[k:]))
                    break
        return found
    if lang == "ru":
        for rx in (_RU_INITIALS, _RU_SURNAME_INITIALS, _RU_CHINESE):
            for m in rx.finditer(text):
                found.append((m.start(1), m.end(1), m.group(1)))
    for rx in (_EN_TITLED, _EN_APPOSITION, _EN_SIGNED):
        for m in rx.finditer(text):
            found.append((m.start(1), m.end(1), m.group(1)))
    for m in _LATIN_INITIALS.finditer(text):
        found.append((m.start(1), m.end(1), m.group(1)))
    if lang == "en":
        for m in _PINYIN_NAME.finditer(text):
            if m.group(1).lower() in _PINYIN_SURNAMES and _is_pinyin_word(m.group(2)):
                found.append((m.start(), m.end(), m.group(0)))
    return found


_PINYIN_SURNAMES = {
    "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "zhou", "wu", "xu", "sun", "zhu", "ma", "hu", "guo",
    "lin", "he", "gao", "luo", "zheng", "liang", "xie", "song", "tang", "deng", "feng", "han", "cao", "peng", "ji",
    "kang", "geng", "qiao", "kong", "lu", "mao", "xiao", "yan", "ye", "jiang", "du", "su", "wei", "cheng", "ding",
}  # fmt: skip


# --- linking ----------------------------------------------------------------------


def _latin_key(name: str) -> str:
    key = re.sub(r"[^a-z]", "", anyascii(name).lower())
    if re.search(r"[А-Яа-яЁё]", name):  # a Russian surname in another case: Сомова, Сомову -> somov
        key = re.sub(r"(ov|ev|in)(a|u|ym|e|oi)$", r"\1", key)
    return key


def _pinyin_keys(name: str) -> set[str]:
    s = fold_cjk(name)
    return {"".join(lazy_pinyin(s, style=Style.NORMAL, v_to_u=False)).replace("v", "u")}


_DIGRAPHS = (("shch", "S"), ("sch", "S"), ("tsch", "S"), ("ts", "S"), ("tz", "S"), ("sh", "S"), ("ch", "S"), ("zh", "S"), ("kh", "K"), ("ph", "F"))
_CLASSES = {"m": "M", "n": "N", "b": "P", "p": "P", "d": "T", "t": "T", "g": "K", "k": "K", "h": "K", "q": "S", "j": "S",
            "f": "F", "v": "F", "w": "F", "s": "S", "x": "S", "z": "S", "c": "S", "l": "L", "r": "L"}  # fmt: skip


def _skeleton(latin: str) -> str:
    """Consonant classes of a romanised name: 'Mesyatsev' and 'mei xiao zi fu' both give 'MSSF'."""
    s = latin.lower()
    for a, b in _DIGRAPHS:
        s = s.replace(a, b.lower() + "\0")
    out = []
    for ch in s:
        c = _CLASSES.get(ch) or ({"S": "S", "K": "K", "F": "F"}.get(ch.upper()) if ch in "skf" else None)
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def _transliteration_skeleton(han: str) -> str:
    syllables = lazy_pinyin(fold_cjk(han), style=Style.NORMAL)
    # Chinese writes a Russian name syllable by syllable; a final -夫/-科 stands for -v/-k.
    return _skeleton("".join(syllables))


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return 1 - prev[-1] / max(len(a), len(b))


def link(mentions: list[Mention]) -> list[Entity]:
    """Group mentions of every text of a record into authority entries."""
    entities: dict[str, Entity] = {}
    gaz = _gazetteer()

    def entry(key: str, type_: str, label: str, is_gaz: bool) -> Entity:
        if key not in entities:
            entities[key] = Entity(key, type_, label, gazetteer=is_gaz)
        return entities[key]

    loose: list[Mention] = []
    for m in mentions:
        if m.source == "gazetteer":
            g = gaz[m.key]
            e = entry(m.key, g["type"], (g["names"].get("en") or [m.text])[0], True)
            _add(e, m)
        else:
            loose.append(m)
    # Rule-found names: first against the gazetteer's people by romanisation.
    romanised = _romanised()
    unlinked: list[Mention] = []
    for m in loose:
        key = _pinyin_keys(m.text).pop() if m.language.startswith(("zh", "ja")) else _latin_key(m.text)
        gid = romanised.get(key) or romanised.get(_latin_key(_surname_last(m.text)))
        if gid:
            g = gaz[gid]
            _add(entry(gid, "person", g["names"]["en"][0], True), m)
        else:
            unlinked.append(m)
    # Then with each other: identical romanisations, then the same surname key, then sound.
    groups: dict[str, Entity] = {}
    for m in unlinked:
        key = _pinyin_keys(m.text).pop() if m.language.startswith(("zh", "ja")) else _latin_key(_surname_last(m.text))
        target = groups.get(key)
        if target is None:
            target = Entity("person:" + key, "person", m.text)
            groups[key] = target
        elif m.language != target.mentions[0].language:
            target.link_reasons.append(f"{m.text} = {target.mentions[0].text}: same romanisation")
        _add(target, m)
    _link_by_sound(groups)
    for e in groups.values():
        if e.id not in entities:
            e.label = next((n for lang in ("en", "de", "ru") for n in e.names.get(lang, [])), e.label)
            entities[e.id] = e
    return list(entities.values())


@cache
def _gazetteer() -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in gazetteer.entries()}


@cache
def _romanised() -> dict[str, str]:
    """Romanised key -> gazetteer id, for the gazetteer's people."""
    out: dict[str, str] = {}
    for g in gazetteer.entries():
        if g["type"] != "person":
            continue
        for n in g["names"].get("en", []):
            out[_latin_key(n)] = g["id"]
        for n in g["names"].get("zh", []):
            for k in _pinyin_keys(n):
                out.setdefault(k, g["id"])
    return out


def _surname_last(name: str) -> str:
    """'N. Somov' and 'Н. Сомов' -> the surname; a pinyin name stays whole."""
    parts = re.sub(r"(?:[A-ZА-ЯЁ]\.\s?)+", "", name).split()
    return parts[-1] if parts and re.search(r"[A-ZА-ЯЁ]\.", name) else name


def _family(e: Entity) -> str:
    langs = {lang for lang in e.names}
    if langs & {"zh", "ja"}:
        return "han"
    if langs & {"ru", "uk", "bg", "sr"}:
        return "cyrillic"
    return "latin"


def _sound(e: Entity) -> str:
    for lang, names in e.names.items():
        if lang in ("zh", "ja"):
            return _transliteration_skeleton(names[0])
    name = next(n for ns in e.names.values() for n in ns)
    return _skeleton(_latin_key(_surname_last(name)) if re.search(r"[A-ZА-ЯЁ]\.", name) else _latin_key(name))


def _link_by_sound(groups: dict[str, Entity]) -> None:
    """Merge a person named only in Chinese or Cyrillic with one named only in Latin script who sounds the same.

    The candidates are persons no other rule linked; the pairing is one to one, best first.
    """
    single = [e for e in groups.values() if len({m.text_index for m in e.mentions}) == 1]
    foreign = [e for e in single if _family(e) != "latin"]
    latin = [e for e in single if _family(e) == "latin"]
    pairs = []
    for a in foreign:
        sa = _sound(a)
        for b in latin:
            if a.mentions[0].text_index == b.mentions[0].text_index:
                continue
            score = _similar(sa, _sound(b))
            if score >= 0.75:
                pairs.append((score, a, b))
    used: set[str] = set()
    for score, a, b in sorted(pairs, key=lambda t: -t[0]):
        if a.id in used or b.id in used:
            continue
        used |= {a.id, b.id}
        for m in b.mentions:
            _add(a, m)
        a.link_reasons.append(f"{a.mentions[0].text} = {b.mentions[0].text}: the names sound alike ({score:.2f})")
        del groups[next(k for k, v in groups.items() if v is b)]


def _add(e: Entity, m: Mention) -> None:
    lang = base(m.language)
    names = e.names.setdefault(lang, [])
    if m.text not in names:
        names.append(m.text)
    e.mentions.append(m)


def extract_entities(texts: list[tuple[list[str], str]], skip: list[set[int]] | None = None) -> list[Entity]:
    """Entities of a record from its texts, each given as (cleaned paragraphs, language)."""
    mentions = [m for i, (paras, lang) in enumerate(texts) for m in find_mentions(paras, lang, i, skip[i] if skip else None)]
    return link(mentions)


def lookup_name(name: str, language: str) -> str | None:
    """The gazetteer id of a name as written (a distribution list's `少奇`), if it is one."""
    lang = base(language)
    if lang not in _index():
        return None
    found = _lookup(lang, fold_cjk(name) if lang in ("zh", "ja") else name)
    return found[0] if found else None
