"""The search query language: one test per rule, then properties over arbitrary input."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recto.search.query import (
    MAX_QUERY_CHARS,
    And,
    DateRange,
    Filter,
    Not,
    Or,
    Query,
    QueryError,
    Term,
    describe,
    parse_query,
)


def node(text: str):
    return parse_query(text).node


def warned(q: Query, fragment: str) -> bool:
    return any(fragment in w for w in q.warnings)


# --- terms and operators ---------------------------------------------------


def test_words_are_anded():
    assert node("Xinjiang border residents") == And((Term("Xinjiang"), Term("border"), Term("residents")))


def test_explicit_and_or_and_precedence():
    # NOT > AND > OR: "a AND b OR NOT c d" is (a AND b) OR ((NOT c) AND d)
    assert node("Ili AND Tacheng OR NOT Kazakh exodus") == Or(
        (And((Term("Ili"), Term("Tacheng"))), And((Not(Term("Kazakh")), Term("exodus"))))
    )


def test_lower_case_operators_are_words():
    assert node("war and peace or not") == And(
        (Term("war"), Term("and"), Term("peace"), Term("or"), Term("not"))
    )


def test_minus_and_not_negate():
    assert node("border -consulate") == And((Term("border"), Not(Term("consulate"))))
    assert node("border NOT consulate") == node("border -consulate")
    assert node("NOT NOT border") == Term("border")


def test_parentheses_group():
    assert node("(边境 OR 边界) 苏联") == And((Or((Term("边境"), Term("边界"))), Term("苏联")))
    assert node("-(граница OR рубеж)") == Not(Or((Term("граница"), Term("рубеж"))))


def test_quoted_phrases_in_every_quote_style_and_script():
    assert node('"Soviet statement"') == Term("Soviet statement", phrase=True)
    assert node("“Soviet   statement”") == Term("Soviet statement", phrase=True)
    assert node("「中华人民共和国」") == Term("中华人民共和国", phrase=True)
    assert node("『領土』 領土") == And((Term("領土", phrase=True), Term("領土")))
    assert node('"граница закрыта"') == Term("граница закрыта", phrase=True)
    assert node("«граница закрыта»") == Term("граница закрыта", phrase=True)
    assert node('"AND OR NOT ( lang:zh"') == Term("AND OR NOT ( lang:zh", phrase=True)


# --- fields and filters ----------------------------------------------------


def test_text_fields_restrict_terms_phrases_and_groups():
    assert node('title:"Soviet statement"') == Term("Soviet statement", phrase=True, field="title")
    assert node("TRANSLATION:refugees") == Term("refugees", field="translation")
    assert node("title:(border OR frontier)") == Or(
        (Term("border", field="title"), Term("frontier", field="title"))
    )
    assert node("original:(边境 -苏联 text:Ili)") == And(
        (Term("边境", field="original"), Not(Term("苏联", field="original")), Term("Ili", field="text"))
    )


def test_unknown_field_is_searched_as_text():
    q = parse_query("foo:bar border")
    assert q.node == And((Term("foo:bar"), Term("border")))
    assert q.warnings == ("unknown field 'foo'; searched as text",)


def test_colons_in_urls_and_cjk_are_plain_words():
    q = parse_query("https://digitalarchive.wilsoncenter.org/document/114773 注意:边境 12:30")
    assert q.node == And(
        (Term("https://digitalarchive.wilsoncenter.org/document/114773"), Term("注意:边境"), Term("12:30"))
    )
    assert q.warnings == ()


def test_filter_fields_become_filters_not_nodes():
    q = parse_query('border lang:zh repository:"PRC FMA" translator:7Brands type:telegram -lang:ru')
    assert q.node == Term("border")
    assert q.filters == (
        Filter("lang", "zh"),
        Filter("repository", "PRC FMA"),
        Filter("translator", "7Brands"),
        Filter("type", "telegram"),
        Filter("lang", "ru", negated=True),
    )


def test_several_values_of_one_filter():
    expected = (Filter("lang", "zh"), Filter("lang", "ru"))
    assert parse_query("lang:zh lang:ru").filters == expected
    assert parse_query("lang:zh OR lang:ru").filters == expected
    assert parse_query("lang:zh,ru").filters == expected
    assert parse_query("lang:(zh OR ru)").filters == expected
    assert parse_query("NOT lang:zh").filters == (Filter("lang", "zh", negated=True),)


def test_year_and_decade_filters():
    q = parse_query("year:1962 decade:1960s donor:MacArthur")
    assert q.node is None
    assert q.filters == (Filter("year", "1962"), Filter("decade", "1960s"), Filter("donor", "MacArthur"))
    assert parse_query("decade:1960").filters == (Filter("decade", "1960s"),)
    bad = parse_query("year:62 decade:sixties")
    assert bad.filters == () and len(bad.warnings) == 2


def test_filter_ored_with_words_is_warned():
    q = parse_query("border OR lang:zh")
    assert q.node == Term("border") and q.filters == (Filter("lang", "zh"),)
    assert warned(q, "whole query")


# --- dates -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("1962-04..1962-08", "1962-04-01", "1962-08-31"),
        ("1962", "1962-01-01", "1962-12-31"),
        ("1962-08-10", "1962-08-10", "1962-08-10"),
        ("1964-02", "1964-02-01", "1964-02-29"),  # leap year
        ("1900-02", "1900-02-01", "1900-02-28"),  # not a leap year
        ("1962..", "1962-01-01", None),
        ("..1962-08", None, "1962-08-31"),
        (">1962", "1963-01-01", None),
        (">=1962", "1962-01-01", None),
        ("<1960", None, "1959-12-31"),
        ("1962-05-30/1962-06-02", "1962-05-30", "1962-06-02"),
        ("1960s", "1960-01-01", "1969-12-31"),
    ],
)
def test_date_ranges(value, start, end):
    q = parse_query(f"Ili date:{value}")
    assert q.dates == DateRange(start, end)
    assert q.warnings == ()


def test_invalid_dates_are_ignored_with_a_warning():
    for value in ("1962-13", "1962-02-29", "August", "..", "0000", ">9999"):
        q = parse_query(f"border date:{value}")
        assert q.dates is None and q.node == Term("border")
        assert warned(q, "ignored"), value


def test_two_dates_intersect():
    assert parse_query("date:1962 date:1962-06..").dates == DateRange("1962-06-01", "1962-12-31")
    empty = parse_query("date:1960 date:1962")
    assert empty.dates == DateRange("1962-01-01", "1960-12-31")
    assert warned(empty, "nothing can match")


# --- sort ------------------------------------------------------------------


def test_sort():
    assert parse_query("border").sort == "relevance"
    assert parse_query("border sort:date").sort == "date"
    assert parse_query("sort:-date border").sort == "-date"
    assert parse_query("border sort:-date", sort="relevance").sort == "relevance"
    q = parse_query("border sort:newest")
    assert q.sort == "relevance" and warned(q, "unknown sort")


def test_bad_arguments_raise_query_error():
    with pytest.raises(QueryError):
        parse_query("border", sort="newest")
    with pytest.raises(ValueError):
        parse_query(None)  # type: ignore[arg-type]


# --- robustness ------------------------------------------------------------


def test_unbalanced_quote_runs_to_the_end():
    q = parse_query('border "Soviet statement')
    assert q.node == And((Term("border"), Term("Soviet statement", phrase=True)))
    assert warned(q, "unclosed")


def test_unbalanced_parentheses():
    q = parse_query("(border OR frontier")
    assert q.node == Or((Term("border"), Term("frontier"))) and warned(q, "unmatched '('")
    q = parse_query("border) 苏联")
    assert q.node == And((Term("border"), Term("苏联"))) and warned(q, "unmatched ')'")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AND border", Term("border")),
        ("border AND", Term("border")),
        ("border OR OR frontier", Or((Term("border"), Term("frontier")))),
        ("OR border", Term("border")),
        ("border - frontier", And((Term("border"), Term("frontier")))),
        ("-", None),
        ("border NOT", Term("border")),
        ("border AND AND frontier", And((Term("border"), Term("frontier")))),
    ],
)
def test_stray_operators_are_dropped_with_a_warning(text, expected):
    q = parse_query(text)
    assert q.node == expected
    assert q.warnings


def test_empty_groups_are_dropped():
    q = parse_query("border () (())")
    assert q.node == Term("border") and warned(q, "empty parentheses")


def test_long_input_is_truncated_at_a_word_boundary():
    q = parse_query("border " * 300)
    assert q.node == Term("border")
    assert warned(q, f"longer than {MAX_QUERY_CHARS} characters; truncated")
    words = parse_query(" ".join(f"w{i}" for i in range(400))).node
    assert all(t.text.startswith("w") and t.text[1:].isdigit() for t in words.nodes)
    assert len(" ".join(t.text for t in words.nodes)) <= MAX_QUERY_CHARS


def test_control_characters_are_removed():
    q = parse_query("bor\x00der\x07 \u202efrontier\tIli\nTacheng")
    assert q.node == And((Term("border"), Term("frontier"), Term("Ili"), Term("Tacheng")))
    assert warned(q, "control character")


def test_sql_fragments_are_just_words():
    q = parse_query("'; DROP TABLE records; --")
    assert q.node == And((Term("DROP"), Term("TABLE"), Term("records;")))
    assert warned(q, "punctuation-only")
    q = parse_query('x" OR 1=1 --')
    assert q.node == And((Term("x"), Term("OR 1=1 --", phrase=True)))


def test_punctuation_only_terms_are_dropped():
    q = parse_query("; -- = border …")
    assert q.node == Term("border")
    assert q.warnings == ("ignored punctuation-only terms: ; -- = …",)


def test_deep_nesting_is_flattened_not_a_recursion_error():
    q = parse_query("(" * 500 + "border" + ")" * 500)
    assert q.node == Term("border") and warned(q, "flattened")
    q = parse_query("-border " + "NOT " * 201 + "frontier")
    assert q.node == And((Not(Term("border")), Not(Term("frontier"))))
    assert node("---border") == Term("---border")  # only a single glued dash negates


def test_empty_query():
    for text in ("", "   \t\n", "()"):
        q = parse_query(text)
        assert (q.node, q.filters, q.dates, q.sort) == (None, (), None, "relevance")
    assert parse_query("").warnings == ()


def test_pure_negative_query_is_allowed():
    assert node("-border") == Not(Term("border"))


def test_ast_is_simplified():
    assert node("(((border)))") == Term("border")
    assert node("a (b (c d))") == And((Term("a"), Term("b"), Term("c"), Term("d")))
    assert node("a OR (b OR c)") == Or((Term("a"), Term("b"), Term("c")))
    assert node("border border") == Term("border")


# --- describe --------------------------------------------------------------


def test_describe_is_canonical_query_text():
    q = parse_query('sort:-date date:1962-04..1962-08 -lang:ru Soviet -title:“Soviet statement” (边境 OR 边界)')
    assert describe(q) == (
        'Soviet -title:"Soviet statement" (边境 OR 边界) -lang:ru date:1962-04-01..1962-08-31 sort:-date'
    )
    assert describe(parse_query(describe(q))) == describe(q)
    assert describe(parse_query("a OR b lang:zh")) == "(a OR b) lang:zh"
    assert describe(parse_query('repository:"PRC FMA" 「他说"不"」')) == '「他说"不"」 repository:"PRC FMA"'
    assert describe(parse_query("")) == ""


# --- properties ------------------------------------------------------------

_atoms = st.sampled_from(
    ["border", "граница", "边境", "領土", "中华人民共和国", "Ili", "1962", "--", ";", "=", "-", "1=1", "'",
     "AND", "OR", "NOT", "and", "(", ")", "（", "）", '"', "“", "”", "「", "」", "『", "«",
     "title:", "TITLE:", "lang:zh", "-lang:ru", "repository:", "foo:", "http://x", "date:", "date:1962",
     "date:1962-04..1962-08", "date:..1962-13", "decade:1960s", "year:", "sort:date", "sort:-date",
     "-", "NOT", "\x00", "\u202e", "\n"]
)  # fmt: skip
_queries = st.lists(st.one_of(_atoms, st.text(max_size=6)), max_size=40).map(
    lambda parts: "".join(p + (" " if i % 3 else "") for i, p in enumerate(parts))
)


def _terms(n):
    if n is None:
        return []
    if isinstance(n, Term):
        return [n]
    if isinstance(n, Not):
        return _terms(n.node)
    return [t for c in n.nodes for t in _terms(c)]


def _check(text: str) -> None:
    started = time.perf_counter()
    q = parse_query(text)
    assert time.perf_counter() - started < 1
    assert isinstance(q, Query)
    terms = _terms(q.node)
    assert all(t.text and t.text == t.text.strip() for t in terms)
    assert sum(len(t.text) for t in terms) + sum(len(f.value) for f in q.filters) <= MAX_QUERY_CHARS
    assert all(isinstance(w, str) for w in q.warnings)
    shown = describe(q)
    assert describe(parse_query(shown)) == shown


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(_queries)
def test_grammar_like_text_parses(text):
    _check(text)


def test_huge_and_pathological_inputs_are_fast():
    for text in ("(" * 100_000, '"' * 100_000, "NOT " * 100_000, "a:" * 100_000, "-" * 100_000 + "x"):
        _check(text)
