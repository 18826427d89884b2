"""recto.ingest.credits: donors named in the Credits section."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from recto.ingest.credits import parse_donors

PREFIX = "This document was made possible with support from "


def test_reference_record_single_donor():
    assert parse_donors(PREFIX + "MacArthur Foundation") == ["MacArthur Foundation"]


def test_two_donors_with_leading_the_dropped():
    assert parse_donors(PREFIX + "the MacArthur Foundation and the Henry Luce Foundation") == [
        "MacArthur Foundation",
        "Henry Luce Foundation",
    ]


def test_three_donors_with_oxford_comma_and_parenthesised_abbreviation():
    assert parse_donors(
        PREFIX + "Carnegie Corporation of New York (CCNY), the Leon Levy Foundation, and the ROK Ministry of Foreign Affairs"
    ) == ["Carnegie Corporation of New York (CCNY)", "Leon Levy Foundation", "ROK Ministry of Foreign Affairs"]


def test_comma_and_and_inside_parentheses_do_not_split():
    assert parse_donors(PREFIX + "the Foundation (Seoul, Korea and Tokyo) and the Korea Foundation") == [
        "Foundation (Seoul, Korea and Tokyo)",
        "Korea Foundation",
    ]


def test_trailing_full_stop_dropped():
    assert parse_donors(PREFIX + "the Korea Foundation.") == ["Korea Foundation"]


def test_several_sentences():
    assert parse_donors(PREFIX + "the MacArthur Foundation. Translation funded by the Leon Levy Foundation.") == [
        "MacArthur Foundation",
        "Leon Levy Foundation",
    ]


def test_abbreviation_with_full_stops_is_not_a_sentence_end():
    assert parse_donors(PREFIX + "the U.S. Department of State.") == ["U.S. Department of State"]


def test_and_inside_a_single_name_is_kept():
    assert parse_donors(PREFIX + "the Ministry of Science and Technology") == ["Ministry of Science and Technology"]


def test_capitalised_the_is_part_of_the_name():
    assert parse_donors(PREFIX + "The Asia Foundation") == ["The Asia Foundation"]


def test_donor_named_twice_is_listed_once():
    assert parse_donors(PREFIX + "the Korea Foundation. Translation supported by the Korea Foundation.") == [
        "Korea Foundation"
    ]


def test_whitespace_and_line_breaks_are_tolerated():
    assert parse_donors("This document was made possible\nwith support from  the\u00a0Korea Foundation ") == [
        "Korea Foundation"
    ]


def test_text_without_a_donor_phrase_gives_nothing():
    assert parse_donors("") == []
    assert parse_donors("Translation - English") == []


@given(st.text())
def test_never_raises_on_arbitrary_text(text):
    donors = parse_donors(text)
    assert all(isinstance(d, str) and d for d in donors)


@given(
    st.lists(
        st.sampled_from(["support from ", "funded by ", "the ", "and ", ", ", "(", ")", ". ", "Foundation", "A", " "]),
        max_size=30,
    ).map("".join)
)
def test_never_raises_on_credit_like_text(text):
    donors = parse_donors(text)
    assert len(donors) == len(set(donors))
