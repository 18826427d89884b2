"""recto.dates: archive-export dates read into EDTF with a precision and day bounds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recto.dates import ParsedDate, find_date, find_date_span, parse_date


def test_month_day_year_as_in_the_reference_record():
    assert parse_date("August 10, 1962") == ParsedDate("1962-08-10", "day", "1962-08-10", "1962-08-10")


def test_day_month_year():
    assert parse_date("10 August 1962").edtf == "1962-08-10"


def test_abbreviated_month_with_full_stop():
    assert parse_date("Aug. 10, 1962").edtf == "1962-08-10"


def test_sept_abbreviation():
    assert parse_date("Sept. 3, 1962").edtf == "1962-09-03"


def test_abbreviation_without_full_stop_and_ordinal_day():
    assert parse_date("Dec 2nd, 1961").edtf == "1961-12-02"


def test_month_and_year_cover_the_whole_month():
    assert parse_date("September 1962") == ParsedDate("1962-09", "month", "1962-09-01", "1962-09-30")


def test_year_alone_covers_the_whole_year():
    assert parse_date("1958") == ParsedDate("1958", "year", "1958-01-01", "1958-12-31")


def test_iso_day():
    assert parse_date("1962-08-10") == ParsedDate("1962-08-10", "day", "1962-08-10", "1962-08-10")


def test_iso_month_is_a_month_not_a_range():
    assert parse_date("1962-08") == ParsedDate("1962-08", "month", "1962-08-01", "1962-08-31")


def test_february_bounds_follow_leap_years():
    assert parse_date("February 1960").end == "1960-02-29"
    assert parse_date("February 1962").end == "1962-02-28"
    assert parse_date("1900-02").end == "1900-02-28"  # a century is not a leap year
    assert parse_date("2000-02").end == "2000-02-29"  # unless it divides by 400


def test_leap_day_exists_in_a_leap_year():
    assert parse_date("February 29, 1960").edtf == "1960-02-29"


def test_days_within_one_month():
    assert parse_date("May 1-3, 1962") == ParsedDate("1962-05-01/1962-05-03", "range", "1962-05-01", "1962-05-03")


def test_days_across_two_months():
    assert parse_date("May 30-June 2, 1962") == ParsedDate(
        "1962-05-30/1962-06-02", "range", "1962-05-30", "1962-06-02"
    )


def test_range_across_a_new_year():
    parsed = parse_date("December 30, 1961 - January 2, 1962")
    assert parsed == ParsedDate("1961-12-30/1962-01-02", "range", "1961-12-30", "1962-01-02")


def test_range_across_a_new_year_with_the_year_written_once():
    assert parse_date("December 30 - January 2, 1962").edtf == "1961-12-30/1962-01-02"


def test_day_first_range():
    assert parse_date("1-3 May 1962").edtf == "1962-05-01/1962-05-03"


def test_year_range():
    assert parse_date("1961-1962") == ParsedDate("1961/1962", "range", "1961-01-01", "1962-12-31")


def test_iso_interval():
    assert parse_date("1962-05-01/1962-05-03") == ParsedDate(
        "1962-05-01/1962-05-03", "range", "1962-05-01", "1962-05-03"
    )


def test_range_with_en_dash_and_spaces():
    assert parse_date("May 1 \u2013 3, 1962").edtf == "1962-05-01/1962-05-03"


def test_range_of_months_written_with_to():
    assert parse_date("May to June 1962") == ParsedDate("1962-05/1962-06", "range", "1962-05-01", "1962-06-30")


def test_decade():
    assert parse_date("1960s") == ParsedDate("196X", "decade", "1960-01-01", "1969-12-31")


def test_decade_with_apostrophe():
    assert parse_date("1950's").edtf == "195X"


@pytest.mark.parametrize("text", ["c. 1962", "circa 1962", "ca. 1962", "c1962"])
def test_approximate_year(text):
    assert parse_date(text) == ParsedDate("1962~", "year", "1962-01-01", "1962-12-31")


def test_approximate_month_keeps_month_precision():
    assert parse_date("c. August 1962") == ParsedDate("1962-08~", "month", "1962-08-01", "1962-08-31")


@pytest.mark.parametrize("text", ["AUGUST 10, 1962", "  august   10 ,1962 ", "August\u00a010,\n1962", "Aug.10,1962"])
def test_case_and_spacing_do_not_matter(text):
    assert parse_date(text).edtf == "1962-08-10"


def test_trailing_full_stop_is_ignored():
    assert parse_date("September 3, 1962.").edtf == "1962-09-03"


def test_misspelt_month_is_refused_with_the_text_quoted():
    with pytest.raises(ValueError, match=r"^cannot read 'Augst 10, 1962' as a date$"):
        parse_date("Augst 10, 1962")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("February 30, 1962", "February 1962 has no day 30"),
        ("February 29, 1962", "February 1962 has no day 29"),
        ("June 31, 1962", "June 1962 has no day 31"),
        ("1962-02-30", "February 1962 has no day 30"),
    ],
)
def test_days_that_do_not_exist_are_refused_with_a_reason(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(text)


def test_month_thirteen_is_refused():
    with pytest.raises(ValueError, match="cannot read '1962-13' as a date"):
        parse_date("1962-13")


def test_backwards_range_is_refused():
    with pytest.raises(ValueError, match="ends before it starts"):
        parse_date("1963-1962")


@pytest.mark.parametrize(
    "text",
    ["", "   ", "August", "August 10", "10, 1962", "1965s", "1962/08", "Sometime in 1962", "62", "10.08.1962"],
)
def test_incomplete_or_unknown_forms_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_other_languages_are_left_to_extract():
    with pytest.raises(ValueError):
        parse_date("10 августа 1962")


def test_very_long_text_is_refused_quickly():
    with pytest.raises(ValueError, match="too long"):
        parse_date("1962 " * 1000)


def test_find_date_in_the_reference_citation():
    citation = (
        '"Statement of the Soviet Government (Translation)", August 10, 1962, '
        "Wilson Center Digital Archive, PRC FMA 118-01767-01, 7-11."
    )
    assert find_date(citation) == (parse_date("August 10, 1962"), "August 10, 1962")


def test_find_date_returns_the_whole_range():
    found = find_date('"Minutes", May 30-June 2, 1962, Wilson Center Digital Archive')
    assert found is not None and found[1] == "May 30-June 2, 1962"
    assert found[0].precision == "range"


def test_find_date_returns_the_exact_substring_as_written():
    text = "Cable of  Sept.  3 ,1962 from Pyongyang"
    found = find_date(text)
    assert found is not None
    assert found[1] == "Sept.  3 ,1962" and found[1] in text
    assert found[0].edtf == "1962-09-03"


def test_find_date_ignores_archival_reference_numbers():
    assert find_date("PRC FMA 118-01767-01, 7-11") is None
    assert find_date("RGANI, f. 5, op. 49, d. 131, ll. 193-194") is None


def test_find_date_skips_a_year_glued_to_a_reference():
    assert find_date("DY 30/1962 then 1963")[1] == "1963"


def test_find_date_ignores_month_names_inside_words():
    assert find_date("the mayor of Marseille, Decembrists") is None


def test_find_date_finds_decades_and_approximate_years():
    assert find_date("written in the 1960s by hand")[1] == "1960s"
    assert find_date("a note (c. 1962) in pencil")[1] == "c. 1962"


def test_find_date_span_gives_offsets():
    text = "Dated 10 August 1962, Beijing"
    parsed, start, end = find_date_span(text)
    assert text[start:end] == "10 August 1962" and parsed.edtf == "1962-08-10"


def test_find_date_returns_none_without_a_date():
    assert find_date("Wilson Center Digital Archive") is None
    assert find_date("") is None


@given(st.text())
def test_parse_date_raises_only_value_error(text):
    try:
        parsed = parse_date(text)
    except ValueError:
        return
    assert parsed.start <= parsed.end
    assert parsed.precision in {"day", "month", "year", "decade", "range"}


@given(st.text(alphabet=st.sampled_from(list("0123456789 -/,.ADFJMNOSaceghilnoprstuvy~")), max_size=40))
def test_parse_date_raises_only_value_error_on_date_like_text(text):
    try:
        parsed = parse_date(text)
    except ValueError:
        return
    assert parsed.start <= parsed.end


@given(st.text())
def test_find_date_substring_is_in_the_text_and_parses_alike(text):
    found = find_date(text)
    if found is not None:
        parsed, span = found
        assert span in text
        assert parse_date(span) == parsed


@given(st.dates())
def test_every_real_day_round_trips(day):
    written = f"{day:%B} {day.day}, {day.year:04d}"
    assert parse_date(written) == ParsedDate(day.isoformat(), "day", day.isoformat(), day.isoformat())
    assert parse_date(day.isoformat()).edtf == day.isoformat()
