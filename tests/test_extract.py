"""recto.extract: each rule on real text (the reference record) and on the invented evaluation records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recto.extract import apply, clean, extract, find_dates, timeline, undo
from recto.extract.entities import extract_entities
from recto.extract.structure import analyse, parse_recipients
from recto.ingest.archive_text import parse

DATA = Path(__file__).parent / "data" / "extract"
RECORDS = sorted((DATA / "records").glob("*.txt"))


@pytest.fixture(scope="module")
def reference():
    path = DATA / "records" / "yita-1962-08-10-soviet-statement.txt"
    record = parse(path.read_text(), record_id=path.stem)
    return record, extract(record)


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_undo_reproduces_the_raw_text_exactly(path):
    record = parse(path.read_text(), record_id=path.stem)
    for text in record.texts:
        c = clean(text.paragraphs, text.language, references=(record.source.reference or "",))
        assert undo(c.paragraphs, c.changes) == text.paragraphs
        assert apply(text.paragraphs, c.changes) == c.paragraphs
        # rejecting any one change still gives a consistent text
        for i in range(len(c.changes)):
            kept = c.changes[:i] + c.changes[i + 1 :]
            assert apply(text.paragraphs, kept)


def test_page_furniture_in_mid_sentence_is_removed_and_the_sentence_rejoined(reference):
    _, x = reference
    zh = x.texts[0].cleanup
    kinds = {c.original.strip(): c.kind for c in zh.changes}
    assert kinds["KP 19/8"] == "folio" and kinds["38"] == "page_number"
    assert kinds["領=字第27分2号"] == "stamp" and kinds["118-01767-01"] == "file_number"
    assert any("一事保持沉默。这种有偏見的态度" in p for p in zh.paragraphs)
    assert any("通过相应的协議" in p for p in zh.paragraphs)


def test_english_sentence_split_at_a_page_end_is_rejoined(reference):
    _, x = reference
    assert any("lest it would cause significant damage" in p for p in x.texts[1].cleanup.paragraphs)


def test_garbled_handwriting_is_set_aside_with_its_reasons(reference):
    _, x = reference
    marginal = {m.text: m.reason for m in x.texts[0].cleanup.marginalia}
    assert "108月10日本公主议决定复四申事龄日本" in marginal
    assert "function characters" in marginal["是的地方的是多种的人"]
    assert not any("請苏欧司" in m or "外交部文件" in m for m in marginal)


def test_spaces_inside_chinese_are_removed_but_not_between_list_items(reference):
    _, x = reference
    zh = x.texts[0].cleanup.paragraphs
    assert any("临时代办梅曉滋夫面交黃鎮同志的苏联政府" in p for p in zh)
    assert any("在6月26日的声明" in p for p in zh)
    assert any("稼祥 尚昆" in p for p in zh)


def test_chinese_structure(reference):
    _, x = reference
    s = x.texts[0].structure
    assert (s.header, s.classification, s.document_number, s.copies) == ("外交部文件", "机密", "409", 61)
    assert s.title and s.title.endswith("的声明(譯文)")
    recipients = {r.name: r for r in s.distribution}
    assert recipients["李涛"].copies == 2 and recipients["中联"].copies == 5 and recipients["存档"].copies == 3
    assert recipients["少奇"].entity == "liu-shaoqi"
    assert [(d.meaning, d.date) for d in s.office_dates] == [
        ("received", "1962-08-09"), ("sent_to_print", "1962-08-09"), ("issued", "1962-08-10")
    ]


def test_russian_and_german_structure():
    ru = analyse(["СЕКРЕТНО. Экз. № 3", "№ 412/дв", "ЗАЯВЛЕНИЕ СОВЕТСКОГО ПРАВИТЕЛЬСТВА", "Текст " * 20 + ".",
                  "Временный поверенный в делах СССР в КНР А. Ф. Лукин", "Рассылка: тов. Хрущеву Н.С., тов. Громыко А.А. (2 экз.), в дело"], "ru", year=1962)
    assert (ru.classification, ru.copy_number, ru.document_number, ru.signer) == ("СЕКРЕТНО", "3", "412/дв", "А. Ф. Лукин")
    assert [(r.name, r.copies) for r in ru.distribution][1] == ("тов. Громыко А.А.", 2)
    de = analyse(["Vertrauliche Verschlußsache VVS-Nr. B 2/1-117/62", "Botschaft der DDR in der VR China", "Peking, den 20. September 1962",
                  "Der Text " * 20 + ".", "gez. Kühn, Geschäftsträger a.i.", "Verteiler:\n1x Genosse Winzer\n2x Abteilung Ferner Osten"], "de", year=1962)
    assert de.classification == "Vertrauliche Verschlußsache" and de.place == "Peking" and de.signer == "Kühn"
    assert [(r.name, r.copies) for r in de.distribution] == [("Genosse Winzer", 1), ("Abteilung Ferner Osten", 2)]


def test_recipient_counts():
    assert [(r.name, r.copies) for r in parse_recipients("主席、李涛(2)、外办(4) 中宜(2)、存档3分 共印61分")] == [
        ("主席", 1), ("李涛", 2), ("外办", 4), ("中宜", 2), ("存档", 3)
    ]


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("一九六二年八月九日苏联", "zh", [("一九六二年八月九日", "1962-08-09")]),
        ("于今年6月26日轉交的…對我們6月8日和11日关于", "zh", [("今年6月26日", "1962-06-26"), ("6月8日", "1962-06-08"), ("11日", "1962-06-11")]),
        ("从今年4月下半月起", "zh", [("今年4月下半月", "1962-04-16/1962-04-30")]),
        ("108月10日本公主", "zh", []),
        ("our statements of 8 June and 11 June on", "en", [("8 June", "1962-06-08"), ("11 June", "1962-06-11")]),
        ("since the second half of April this year", "en", [("the second half of April this year", "1962-04-16/1962-04-30")]),
        ("August 10, 1962, Wilson", "en", [("August 10, 1962", "1962-08-10")]),
        ("as you may know, in May", "en", [("May", "1962-05")]),
        ("10 августа 1962 г. и во второй половине апреля", "ru", [("10 августа 1962 г.", "1962-08-10"), ("во второй половине апреля", "1962-04-16/1962-04-30")]),
        ("Peking, den 12. September 1962, seit Juli", "de", [("12. September 1962", "1962-09-12"), ("Juli", "1962-07")]),
    ],
)
def test_dates(text, language, expected):
    assert [(d.text, d.edtf) for d in find_dates(text, language, year=1962)] == expected


def test_dates_carry_offsets(reference):
    _, x = reference
    for t in x.texts:
        for d in t.dates:
            assert t.cleanup.paragraphs[d.paragraph][d.start : d.end] == d.text


def test_every_cross_language_pair_of_the_reference_record_is_linked(reference):
    _, x = reference
    names = [set(n for ns in e.names.values() for n in ns) for e in x.entities]
    for zh, en in [("姬鹏飞", "Ji Pengfei"), ("章汉夫", "Zhang Hanfu"), ("黃鎮", "Huang Zhen"), ("梅曉滋夫", "Mesyatsev"),
                   ("新疆維吾尔自治区", "Xinjiang Uyghur Autonomous Region"), ("苏联政府", "Soviet Government")]:
        assert any(zh in n and en in n for n in names), (zh, en)


def test_russian_names_link_by_transliteration():
    ents = extract_entities([(["Присутствовал вице-консул А.С. Белов. Беседа с Ли Цзяньхуа."], "ru"),
                             (["Vice-Consul A. S. Belov was present. A talk with Li Jianhua."], "en")])
    names = [set(n for ns in e.names.values() for n in ns) for e in ents]
    assert {"А.С. Белов", "A. S. Belov"} in names and {"Ли Цзяньхуа", "Li Jianhua"} in names


def test_references_name_date_kind_and_parties(reference):
    _, x = reference
    refs = {(r.text_index, r.date, r.kind, tuple(r.parties)) for r in x.references}
    assert (1, "1962-06-08", "statement", ("self",)) in refs
    assert (1, "1962-06-26", "statement", ("prc-government",)) in refs
    assert (0, "1962-06-26", "reply", ("self", "ji-pengfei", "prc-government")) in refs or any(
        r.text_index == 0 and r.date == "1962-06-26" and r.kind == "reply" for r in x.references)


def test_timeline_orders_records_and_mentions(reference):
    record, x = reference
    events = timeline([(record, x)])
    assert [e.first for e in events] == sorted(e.first for e in events)
    assert events[0].date == "1962-04-16/1962-04-30"
    assert any(e.kind == "record" and e.date == "1962-08-10" for e in events)


def test_extraction_is_json(reference):
    _, x = reference
    data = json.loads(json.dumps(x.to_json(), ensure_ascii=False))
    assert data["record_id"] == "yita-1962-08-10-soviet-statement" and data["texts"][0]["cleanup"]["changes"]


def test_bench_targets_hold_on_the_evaluation_set():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_extract", Path(__file__).parent.parent / "bench" / "extract.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.evaluate()
    t = result["totals"]
    assert result["lost"] == 0
    assert t["furniture"][0] / t["furniture"][2] >= 0.95
    for k in ("dates", "entities"):
        assert t[k][0] / t[k][1] >= 0.9 and t[k][0] / t[k][2] >= 0.9
    assert result["records"]["yita-1962-08-10-soviet-statement"]["links"][0] == result["records"]["yita-1962-08-10-soviet-statement"]["links"][2]
