"""Search, through the Python API: every analysis rule with real text, the query language, results."""

from __future__ import annotations

import json
from dataclasses import replace
import subprocess
import sys

import pytest

from recto.archive import Archive
import recto.search.sqlite_index as sqlite_index
from recto.search import ranking
from recto.record import Record, Source, Text
from recto.search.analysis import PAIR_MARK, RUN_BREAK, analyse, index_text, is_gram, iter_tokens, pair_terms, query_pairs, query_patterns
from recto.search.query import parse_query
from recto.search.snippets import LEAD
from recto.search.sqlite_index import _quoted, fts_expression
from paths import EXPORTS, REFERENCE


def record(record_id: str, original: tuple[str, str] | None, translation: str | None = None, **fields) -> Record:
    """An invented record with one original (language, text) and an English translation."""
    texts = []
    if original:
        texts.append(Text("original", original[0], [original[1]]))
    if translation:
        texts.append(Text("translation", "en", [translation]))
    fields.setdefault("title", f"Test document {record_id} [invented example]")
    return Record(id=record_id, texts=texts, invented=True, **fields)


def ids(archive: Archive, query: str, **kwargs) -> list[str]:
    return sorted(r.id for r in archive.search(query, per_page=100, **kwargs).results)


@pytest.fixture
def archive(tmp_path):
    with Archive.init(tmp_path / "archive") as a:
        yield a


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """The reference record and the invented exports, ingested once."""
    archive = Archive.init(tmp_path_factory.mktemp("samples") / "archive")
    report = archive.ingest([REFERENCE, EXPORTS])
    assert report.failed == 0
    yield archive
    archive.close()


# -- CJK ------------------------------------------------------------------------------


def test_a_chinese_word_inside_a_chinese_sentence_is_found(samples):
    # The peer setup (FTS5's default tokenizer) finds nothing here: the sentence is one token to it.
    assert "yita-1962-08-10-soviet-statement" in ids(samples, "姬鹏飞")
    assert "yita-1962-08-10-soviet-statement" in ids(samples, "越界")


def test_any_run_of_cjk_characters_that_occurs_matches(archive):
    archive.put(record("zh", ("zh", "苏联政府收到了中华人民共和国外交部副部长姬鹏飞同志转交的答复。")))
    for query in ["苏", "联", "复", "政府", "人民共和", "中华人民共和国外交部", "同志转交的答复"]:
        assert ids(archive, query) == ["zh"], query
    for query in ["苏中", "政人", "答复书"]:
        assert ids(archive, query) == [], query


def test_one_character_queries_see_what_an_open_ingest_has_written(archive):
    # A one-character query is a prefix; whether the index holds it is read from FTS5's term list.
    archive.put(record("before", ("zh", "苏联政府的声明")))
    with archive.store.transaction():
        archive.put(record("during", ("zh", "鬯酒的问题")))
        assert ids(archive, "鬯") == ["during"]
        assert ids(archive, "问") == ["during"]
        assert ids(archive, "苏") == ["before"]
    assert ids(archive, "鬯") == ["during"]


def test_the_end_of_a_prefix_range_skips_surrogates():
    assert sqlite_index._after("ab") == "ac"
    assert sqlite_index._after("苏") == "苐"
    assert sqlite_index._after("x\ud7ff") == "x\ue000"


def test_a_cjk_phrase_matches_only_where_the_characters_stand_together(archive):
    archive.put(record("together", ("zh", "中国领土边界")))
    archive.put(record("apart", ("zh", "中国的边界和领土")))
    assert ids(archive, '"领土边界"') == ["together"]
    assert ids(archive, "领土 边界") == ["apart", "together"]  # two words: both anywhere


def test_ranking_prefers_a_chinese_query_where_it_stands_as_a_whole_word(archive):
    # 中国 ("China") stands inside 发展中国家 ("developing countries") too; the shorter
    # record would rank first on its characters alone, the whole word puts the other first.
    archive.put(record("inside", ("zh", "援助发展中国家。")))
    archive.put(record("word", ("zh", "援助中国的经济建设和国防工业。")))
    assert [r.id for r in archive.search("中国").results] == ["word", "inside"]
    # A query of two words, 苏联 边界: inside 边界问题 ("border question") 边界 is no word of its own.
    archive.put(record("compound", ("zh", "苏联边界问题")))
    archive.put(record("words", ("zh", "苏联边界的会谈纪要和双方的声明")))
    archive.put(record("apart", ("zh", "这是苏联边。界线问题")))  # the characters, but not together
    assert ids(archive, "苏联边界") == ["compound", "words"]  # what matches is every occurrence, no more
    assert [r.id for r in archive.search("苏联边界").results] == ["words", "compound"]


def test_traditional_and_simplified_fold_both_ways(archive):
    archive.put(record("trad", ("zh-Hant", "蘇聯政府對中國領土問題的態度")))
    archive.put(record("simp", ("zh", "苏联政府对中国领土问题的态度")))
    assert ids(archive, "领土") == ["simp", "trad"]
    assert ids(archive, "領土") == ["simp", "trad"]
    assert ids(archive, "問題") == ["simp", "trad"]
    assert ids(archive, "问题") == ["simp", "trad"]


def test_folding_leaves_text_without_han_characters_as_it_is():
    # fold_cjk does not hand such text to OpenCC at all: right only while OpenCC's t2s
    # changes Han characters alone, which this checks over every other code point.
    from recto.text.fold import _HAN, _t2s, fold_cjk

    others = "".join(chr(i) for i in range(32, 0x110000) if not 0xD800 <= i < 0xE000 and not _HAN.match(chr(i)))
    assert _t2s().convert(others) == others
    assert fold_cjk("Soviet “note”, 〇 々 ㈱ ㄅ ぶ") == "Soviet “note”, 〇 々 ㈱ ㄅ ぶ"
    assert fold_cjk("蘇聯 “note”") == "苏联 “note”"


def test_old_printed_variants_fold(samples, archive):
    # The reference record prints 綫 (line) and 覩 (see), as 1960s typesetting did.
    assert "yita-1962-08-10-soviet-statement" in ids(samples, "一线")
    assert "yita-1962-08-10-soviet-statement" in ids(samples, "目睹")
    archive.put(record("old", ("zh", "把他們送囘")))
    assert ids(archive, "送回") == ["old"]


def test_ocr_spaces_and_line_breaks_inside_cjk_do_not_break_a_match(samples, archive):
    # "越界进 入苏联領土" in the reference record's OCR.
    assert "yita-1962-08-10-soviet-statement" in ids(samples, "进入苏联")
    archive.put(record("ocr", ("zh", "中华人民共和国居民非法越界进\n入苏联")))
    assert ids(archive, "进入") == ["ocr"]


def test_korean_words_with_particles(archive):
    archive.put(record("ko", ("ko", "대한민국 정부는 국경을 폐쇄하였다."), "The government closed the border."))
    assert ids(archive, "국경") == ["ko"]
    assert ids(archive, "정부") == ["ko"]


def test_japanese_kana_and_kanji(archive):
    archive.put(record("ja", ("ja", "ソ連政府は国境を閉鎖した。")))
    assert ids(archive, "国境") == ["ja"]
    assert ids(archive, "閉鎖") == ["ja"]


# -- Latin and Cyrillic ----------------------------------------------------------------


def test_english_stemming_and_case(samples):
    assert "yita-1962-08-10-soviet-statement" in ids(samples, "closing")
    assert "yita-1962-08-10-soviet-statement" in ids(samples, "CLOSED")


def test_russian_stemming(archive):
    archive.put(record("ru", ("ru", "Советское правительство приняло решение о закрытии границы."), "The Soviet government closed the border."))
    assert ids(archive, "граница") == ["ru"]
    assert ids(archive, "границе") == ["ru"]
    assert ids(archive, "правительства") == ["ru"]


def test_german_french_hungarian_polish_stemming(archive):
    archive.put(record("de", ("de", "Die Delegationen besuchten die Grenzgebiete.")))
    archive.put(record("fr", ("fr", "Les délégations ont visité les frontières.")))
    archive.put(record("hu", ("hu", "A küldöttségek meglátogatták a határokat.")))
    archive.put(record("pl", ("pl", "Delegacje odwiedziły granicy państwa.")))
    # One word, several languages: the query is stemmed for each language held.
    assert ids(archive, "delegation") == ["de", "fr"]
    assert ids(archive, "Grenzgebiet") == ["de"]
    assert ids(archive, "frontière") == ["fr"]
    assert ids(archive, "határ") == ["hu"]
    assert ids(archive, "granica") == ["pl"]


def test_leaving_out_alternatives_the_index_lacks_changes_no_match_and_no_score(archive):
    # `trade agreement` stemmed for German is `trad agreement`, a term no text here has:
    # the index asks FTS5 only for what can match, and ranks exactly as with every alternative.
    archive.put(record("en", ("de", "Das Handelsabkommen wurde unterzeichnet."), "The trade agreement was signed."))
    archive.put(record("long", ("de", "Ein langer Bericht."), "A long report on trade, and on the agreement: the trade agreement of 1962."))
    archive.put(record("de", ("de", "Die Grenzgebiete der Delegationen.")))
    index, query = archive.index, parse_query('"trade agreement"')
    everything = fts_expression(query.node, index.languages())
    pruned = fts_expression(query.node, index.languages(), index._term_finder())
    assert everything.count(" OR ") > pruned.count(" OR ")
    sql = "SELECT rowid, bm25(search_fts) FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid"
    assert index.db.execute(sql, (pruned,)).fetchall() == index.db.execute(sql, (everything,)).fetchall()
    assert ids(archive, '"trade agreement"') == ["en", "long"]
    # A query none of whose alternatives the index holds matches nothing, and says so without error.
    assert ids(archive, '"Walzstahl Abkommen"') == []


def test_a_phrase_of_words_matches_only_where_the_words_stand_together(archive):
    archive.put(record("together", None, "The Ministry of Foreign Affairs replied."))
    archive.put(record("apart", None, "The Ministry replied to the affairs of foreign trade."))
    archive.put(record("cjk", ("zh", "Ministry of 外交 Foreign Affairs"), title="Note"))
    assert ids(archive, '"Ministry of Foreign Affairs"') == ["together"]
    assert ids(archive, '"ministries of foreign affair"') == ["together"]  # stemmed like the text
    assert ids(archive, "Ministry Foreign Affairs") == ["apart", "cjk", "together"]
    # Chinese characters between two words stand between them in the phrase too.
    assert ids(archive, '"of Foreign"') == ["apart", "together"]
    assert ids(archive, '"Foreign Affairs"') == ["cjk", "together"]
    assert ids(archive, 'translation:"Foreign Affairs"') == ["together"]
    assert ids(archive, 'title:"Foreign Affairs"') == []


def test_word_pairs_match_the_records_the_phrase_of_words_matches(samples):
    # Phrases are matched through the pair columns; the plain phrase over the word
    # columns, which FTS5 checks position by position, must give the same records.
    index = samples.index
    for phrase in ["Ministry of Foreign Affairs", "the Soviet Union", "Chinese border", "of the", "Yi Ta"]:
        for pattern in query_patterns(phrase, index.languages()):
            pairs = query_pairs(pattern.terms)
            assert pairs, pattern
            sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid"
            words = [r[0] for r in index.db.execute(sql, (_quoted(pattern.terms),))]
            assert [r[0] for r in index.db.execute(sql, (_quoted(pairs),))] == words, phrase
    assert ids(samples, '"the Soviet Union"')


def test_pair_terms_join_neighbouring_words_and_break_at_cjk():
    assert pair_terms(index_text("Trade agreement signed", "en")) == f"trade{PAIR_MARK}agreement agreement{PAIR_MARK}sign"
    assert pair_terms(index_text("Soviet Union 苏联 talks today", "en")) == f"soviet{PAIR_MARK}union {RUN_BREAK} talk{PAIR_MARK}today"
    assert pair_terms(index_text("one", "en")) == ""
    assert query_pairs(("trade", "agreement")) == (f"trade{PAIR_MARK}agreement",)
    assert query_pairs(("中国", "国领")) == ()  # CJK phrases stay phrases of bigrams
    assert query_pairs(("trade",)) == ()


def test_grams_picked_by_their_first_character_are_those_of_the_whole_analysis():
    # Snippets build only the grams a query's terms can match; they must be the very
    # grams, with the same offsets, that analysing everything gives.
    text = "關於中蘇邊界問題，蘇方代表說：問 題可以談。边境苏联边防。Soviet 대표단은 국경 문제를 논의했다 问"
    everything = analyse(text, "zh")
    for starts in ({"问"}, {"苏", "边"}, {"국", "문"}, {"问", "대"}, {"x"}):
        picked = list(iter_tokens(text, "zh", frozenset(starts)))
        words = [t for t in everything if not is_gram(t.term)]
        assert picked == [t for t in everything if t in words or t.term[0] in starts]
    assert [t.term for t in iter_tokens(text, "zh", frozenset({"问"}))] == ["问题", "问题", "soviet", "问"]


def test_ranking_in_rowid_slices_gives_the_order_and_count_of_one_pass(samples, monkeypatch):
    index = samples.index
    for text in ["Soviet", '"the Soviet Union"', "border OR 边界", "中国", "Soviet lang:ru", "border date:1960..1970", "Soviet -border"]:
        query = parse_query(text)
        index.close()
        monkeypatch.setattr(sqlite_index, "SLICES", 3)
        sliced = index.search(query, limit=7)
        assert index._opened, text  # it ran on the workers
        faceted = index.search(query, limit=7, facets=True)
        monkeypatch.setattr(sqlite_index, "SLICES", 1)
        assert sliced == index.search(query, limit=7), text
        assert sliced.hits, text
        # The facets count the hits the ranking read, as a search by date counts its own.
        assert faceted == index.search(query, limit=7, facets=True), text
        assert faceted.facets == index.search(replace(query, sort="date"), limit=7, facets=True).facets, text
        assert faceted.facets["lang"] and faceted.total == sliced.total, text
    # Closing lets go of the worker connections; a later search opens them again.
    index.close()
    assert not index._opened
    monkeypatch.setattr(sqlite_index, "SLICES", 3)
    assert index.search(query, limit=7) == sliced and index._opened


def traced_search(archive: Archive, query: str, **kwargs):
    """A search's results and the SQL statements it ran on the index's own connection."""
    statements: list[str] = []
    archive.index.db.set_trace_callback(statements.append)
    try:
        return archive.search(query, **kwargs), statements
    finally:
        archive.index.db.set_trace_callback(None)


def query_plan(archive: Archive, statement: str) -> list[str]:
    return [row[3] for row in archive.index.db.execute(f"EXPLAIN QUERY PLAN {statement}")]


@pytest.mark.parametrize("sort", ["relevance", "-date"])
def test_a_filtered_search_reads_the_text_index_first(samples, monkeypatch, sort):
    # Led by the filter, SQLite would look each record of the language or
    # period up in FTS5 one by one: seconds at 100,000 records. (recto_bm25's
    # rankings filter their hits afterwards: the filters are SQL's in bm25()'s.)
    monkeypatch.setattr(sqlite_index, "SLICES", 1)
    monkeypatch.setattr(samples.index, "_score", ranking.BM25)
    _, statements = traced_search(samples, "Soviet lang:ru date:1950..1970", facets=True, sort=sort)
    matching = [s for s in statements if "search_fts MATCH" in s and "search_docs d" in s]
    assert matching
    for statement in matching:
        plan = query_plan(samples, statement)
        loops = [step for step in plan if step.startswith(("SCAN search_fts", "SEARCH d "))]
        assert loops[0].startswith("SCAN search_fts"), (statement, plan)


def test_a_ranking_filtered_by_facets_alone_reads_no_record_rows(samples, monkeypatch):
    # search_docs is needed for dates and ids only; reading it for every hit of a
    # `lang:` search cost a tenth to a quarter of the search.
    monkeypatch.setattr(sqlite_index, "SLICES", 1)
    page, statements = traced_search(samples, "Soviet lang:ru -translator:nobody", facets=True)
    assert page.total and page.results
    assert all("ru" in r.languages.get("original", []) + r.languages.get("translation", []) for r in page.results)
    ranking = [s for s in statements if "bm25" in s and "MATCH" in s]
    assert ranking
    for statement in ranking:
        plan = query_plan(samples, statement)
        assert any(step.startswith("SCAN search_fts") for step in plan), plan
        assert not any("search_docs" in step or step.startswith("SEARCH d ") for step in plan), plan
        assert not any(step.startswith("SEARCH search_fts") for step in plan), plan  # FTS5 led by the filter's rowids


def test_diacritics_fold(archive):
    archive.put(record("fr", ("fr", "Le Chargé d'affaires a remis la note.")))
    archive.put(record("ru", ("ru", "Ещё одна делегация прибыла.")))
    assert ids(archive, "charge") == ["fr"]
    assert ids(archive, "еще") == ["ru"]


# -- what is indexed -------------------------------------------------------------------


def test_titles_summaries_citations_and_every_text_are_searched(samples):
    ref = "yita-1962-08-10-soviet-statement"
    assert ref in ids(samples, "title:Mesyatsev")
    assert ref in ids(samples, "summary:stabilized")
    assert ref in ids(samples, "citation:7Brands")
    assert ref in ids(samples, "original:姬鹏飞")
    assert ref in ids(samples, "translation:Pengfei")
    assert ref not in ids(samples, "title:姬鹏飞")


# -- query language --------------------------------------------------------------------


def test_and_or_not(archive):
    archive.put(record("a", None, "The border was closed in May."))
    archive.put(record("b", None, "The border was opened in June."))
    archive.put(record("c", None, "Trade talks resumed in June."))
    assert ids(archive, "border June") == ["b"]
    assert ids(archive, "border AND June") == ["b"]
    assert ids(archive, "closed OR trade") == ["a", "c"]
    assert ids(archive, "border -June") == ["a"]
    assert ids(archive, "border NOT opened") == ["a"]
    assert ids(archive, "-border") == ["c"]
    assert ids(archive, "(closed OR opened) June") == ["b"]


def test_filters(samples):
    assert ids(samples, "lang:ru") == ["ru-telegram-1962-06-08", "zh-multi-translation"]
    assert ids(samples, 'repository:"PRC FMA"') == [
        "en-only-1962-06-26",
        "missing-sections",
        "yita-1962-08-10-soviet-statement",
        "zh-multi-translation",
    ]
    assert ids(samples, "translator:7brands") == ["yita-1962-08-10-soviet-statement"]
    assert ids(samples, "border -lang:zh lang:ru") == ["ru-telegram-1962-06-08"]


def test_date_ranges_compare_partial_dates_by_their_range(samples):
    found = ids(samples, "date:1962-04..1962-08")
    assert "yita-1962-08-10-soviet-statement" in found
    assert "hu-report-1962-05-01" in found  # 1-3 May 1962
    assert "ko-minutes-1962-09" not in found  # September 1962
    assert "de-report-1958" not in found
    assert ids(samples, "date:1962-09") == ["ko-minutes-1962-09"]
    assert ids(samples, "date:1958") == ["de-report-1958"]


def test_a_ranked_search_compares_partial_dates_by_their_range(archive):
    # Ranked by recto_bm25, dates filter the hits afterwards, outside SQL: the same records pass.
    for record_id, date in [("year", "1962"), ("days", "1962-05-01/1962-05-03"), ("month", "1962-09"), ("undated", None)]:
        archive.put(record(record_id, ("en", "The border was closed."), date=date))
    expected = {
        "border date:1962-04..1962-08": ["days", "year"],
        "border date:1962-05-03..": ["days", "month", "year"],
        "border date:..1962-05-01": ["days", "year"],
        "border date:1962-10..": ["year"],
        "border date:1961": [],
    }
    for query, found in expected.items():
        assert ids(archive, query) == ids(archive, query, sort="date") == found, query


def test_facet_values_differing_only_in_case_are_counted_as_the_filter_finds_them(archive):
    for record_id, repository in [("upper", "PRC FMA"), ("lower", "prc fma"), ("other", "RGANI")]:
        archive.put(record(record_id, ("en", "The border was closed."), source=Source(repository=repository)))
    counts = dict(archive.search("border", facets=True).facets["repository"])
    assert sorted(counts.values()) == [1, 2] and len(counts) == 2
    (merged,) = [value for value, count in counts.items() if count == 2]
    assert merged.lower() == "prc fma"
    assert ids(archive, f'border repository:"{merged}"') == ["lower", "upper"]


def test_sort_by_date_and_paging(samples):
    by_date = [r.date for r in samples.search("date:1950..1970", sort="date", per_page=100).results]
    assert by_date == sorted(by_date)
    first = samples.search("date:1950..1970", sort="date", per_page=3, page=1)
    second = samples.search("date:1950..1970", sort="date", per_page=3, page=2)
    assert first.total == second.total == len(by_date)
    assert [r.id for r in first.results + second.results] == [
        r.id for r in samples.search("date:1950..1970", sort="date", per_page=6).results
    ]


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "border AND",
        "OR OR OR",
        "((((border",
        "'; DROP TABLE records; --",
        '" OR 1=1 --',
        "title:",
        "NEAR(border soviet)",
        "border*",
        "x" * 10_000,
        "границ* ^ $ { } :",
    ],
)
def test_malformed_queries_never_crash(samples, query):
    results = samples.search(query)
    assert results.total >= 0
    assert samples.count() == 8  # nothing was dropped


def test_malformed_query_explains_what_it_did(samples):
    results = samples.search('"Soviet Union')
    assert results.total > 0
    assert any("phrase" in w for w in results.parsed.warnings)


# -- results ---------------------------------------------------------------------------


def test_title_matches_rank_above_body_matches(archive):
    archive.put(record("body", None, "A long report that mentions Mesyatsev once among many other words.", title="Report"))
    archive.put(record("title", None, "A short note.", title="Statement by Mesyatsev"))
    assert [r.id for r in archive.search("Mesyatsev").results] == ["title", "body"]


def test_facet_counts(samples):
    facets = samples.search("border", facets=True).facets
    assert dict(facets["lang"])["en"] == samples.search("border").total
    assert ("1960s", samples.search("border decade:1960s").total) in facets["decade"]
    assert facets["repository"] and facets["translator"] and facets["donor"]
    assert all(n > 0 for values in facets.values() for _v, n in values)


def test_a_faceted_search_counts_the_same_hits(samples):
    """With facets the total comes from the hits read for them: the same as without."""
    for query in ("border", "领土", "border lang:ru", "date:1962", '"Soviet Union" -Xinjiang', "lang:zh"):
        plain, faceted = samples.search(query), samples.search(query, facets=True)
        assert faceted.total == plain.total > 0, query
        assert [r.id for r in faceted.results] == [r.id for r in plain.results]


def test_snippets_highlight_where_the_match_is_original_or_translation(samples):
    (hit,) = [r for r in samples.search("姬鹏飞").results if r.id == "yita-1962-08-10-soviet-statement"]
    snippet = hit.snippets[0]
    assert (snippet.field, snippet.language) == ("original", "zh")
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["姬鹏飞"]
    (hit,) = [r for r in samples.search("Pengfei").results if r.id == "yita-1962-08-10-soviet-statement"]
    snippet = hit.snippets[0]
    assert snippet.field == "translation"
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["Pengfei"]


def test_snippet_highlights_the_text_as_written(archive):
    archive.put(record("trad", ("zh-Hant", "蘇聯對中國領土問題的態度")))
    (snippet,) = archive.search("领土").results[0].snippets
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["領土"]


@pytest.mark.parametrize(
    ("language", "filler", "passage", "query", "marked"),
    [
        ("ko", "양국 대표단은 회담을 계속하였다. ", "국경 지역에서 국경 수비대가 철수하였다.", "국경", ["국경", "국경"]),
        ("ru", "Делегации продолжили переговоры. ", "Вопрос о границе и о режиме границы обсуждался.", "граница", ["границе", "границы"]),
        ("zh-Hant", "兩國代表團繼續會談。", "關於邊界問題，雙方認為邊界問題應當協商解決。", "边界问题", ["邊界問題", "邊界問題"]),
    ],
)
def test_a_snippet_marks_every_match_in_a_long_paragraph_and_nothing_else(archive, language, filler, passage, query, marked):
    """Only the words of a paragraph that can hold a query term are analysed for the snippet:
    matches far into a long paragraph, inflected or in traditional characters, are all marked,
    and the snippet starts some words before the first."""
    archive.put(record("long", (language, filler * 12 + passage + filler * 3)))
    (snippet,) = archive.search(query).results[0].snippets
    assert [snippet.text[s:e] for s, e in snippet.highlights] == marked
    assert snippet.text.index(passage) > LEAD // 2  # with what leads up to the match


# -- the index follows the store -------------------------------------------------------


def test_a_new_revision_replaces_the_old_postings(archive):
    archive.put(record("r", None, "The border was closed."))
    assert ids(archive, "closed") == ["r"]
    archive.put(record("r", None, "The border was opened."))
    assert ids(archive, "closed") == []
    assert ids(archive, "opened") == ["r"]
    assert archive.get("r").revision == 2


def test_reindex_gives_the_same_answers(samples):
    before = {q: ids(samples, q) for q in ["border", "领土", "lang:ru", "date:1962"]}
    assert samples.reindex() == samples.count()
    assert {q: ids(samples, q) for q in before} == before


def test_cli_search_json(samples, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "recto.cli", "--archive", str(samples.path), "search", "--json", "--facets", "姬鹏飞"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(done.stdout)
    assert data["total"] >= 1
    assert data["results"][0]["id"] == "yita-1962-08-10-soviet-statement"
    assert data["results"][0]["snippets"][0]["highlights"]
    assert "lang" in data["facets"]
