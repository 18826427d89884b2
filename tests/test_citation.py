"""recto.ingest.citation: the export's citation line taken apart."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from recto.ingest.citation import Citation, parse_citation
from recto.record import Source

REFERENCE_TITLE = (
    "Statement of the Soviet Government concerning the Flight of Xinjiang Residents to the Soviet Union "
    "as Delivered to Comrade Huang Zhen by Mesyatsev, Chargé d'affaires Ad Interim of the Soviet Embassy "
    "in China (Translation)"
)
REFERENCE = (
    f'"{REFERENCE_TITLE}", August 10, 1962, Wilson Center Digital Archive, PRC FMA 118-01767-01, 7-11. '
    "Translated by 7Brands. https://wilson-center-digital-archive.dvincitest.com/document/118207"
)


def test_reference_record_citation():
    assert parse_citation(REFERENCE) == Citation(
        title=REFERENCE_TITLE,
        date_text="August 10, 1962",
        source=Source(
            archive="Wilson Center Digital Archive",
            repository="PRC FMA",
            reference="118-01767-01",
            pages="7-11",
            url="https://wilson-center-digital-archive.dvincitest.com/document/118207",
        ),
        translators=["7Brands"],
    )


def test_title_containing_by_and_commas_is_not_mistaken_for_credits():
    cite = parse_citation(REFERENCE)
    assert cite.title is not None and "by Mesyatsev, Chargé" in cite.title
    assert cite.translators == ["7Brands"] and cite.editors == [] and cite.contributors == []


def test_curly_quotes():
    cite = parse_citation(
        "\u201cMinutes of Conversation between Mao Zedong and N. S. Khrushchev\u201d, July 31, 1958, "
        "Wilson Center Digital Archive, PRC FMA 109-03640-04, 1-3."
    )
    assert cite.title == "Minutes of Conversation between Mao Zedong and N. S. Khrushchev"
    assert cite.date_text == "July 31, 1958"
    assert cite.source.reference == "109-03640-04"


def test_title_quoting_a_phrase_of_its_own():
    cite = parse_citation('"Note on the "Border Incident", Part Two", June 11, 1962, Wilson Center Digital Archive')
    assert cite.title == 'Note on the "Border Incident", Part Two'
    assert cite.date_text == "June 11, 1962"


def test_comma_inside_the_closing_quote():
    cite = parse_citation('"Telegram to Moscow," May 1962, Wilson Center Digital Archive, RGANI')
    assert cite.title == "Telegram to Moscow"
    assert cite.date_text == "May 1962"


def test_history_and_public_policy_program_archive():
    cite = parse_citation(
        '"Cable", September 3, 1962, History and Public Policy Program Digital Archive, PRC FMA 106-00999-05, pp. 7-11.'
    )
    assert cite.source.archive == "History and Public Policy Program Digital Archive"
    assert (cite.source.repository, cite.source.reference, cite.source.pages) == ("PRC FMA", "106-00999-05", "pp. 7-11")


def test_cold_war_international_history_project_archive_with_russian_reference():
    cite = parse_citation(
        '"Record of Conversation with Kim Il Sung", June 2, 1962, Cold War International History Project '
        "Digital Archive, RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated by Gary Goldberg."
    )
    assert cite.source == Source(
        archive="Cold War International History Project Digital Archive",
        repository="RGANI",
        reference="f. 5, op. 49, d. 131",
        pages="ll. 193-194",
    )
    assert cite.translators == ["Gary Goldberg"]


def test_avprf_papka_is_part_of_the_reference_not_the_pages():
    cite = parse_citation(
        '"Memorandum", 1962, Seoul Diplomatic Archive, AVPRF, f. 0100, op. 46, p. 362, d. 12, ll. 1-5.'
    )
    assert cite.source.archive == "Seoul Diplomatic Archive"
    assert cite.source.repository == "AVPRF"
    assert cite.source.reference == "f. 0100, op. 46, p. 362, d. 12"
    assert cite.source.pages == "ll. 1-5"


def test_long_repository_name_with_abbreviation():
    cite = parse_citation(
        '"Cable from the Chinese Embassy in Pyongyang", July 4, 1961, Wilson Center Digital Archive, '
        "Archive of the Ministry of Foreign Affairs of the People's Republic of China (PRC FMA) 109-03640-04."
    )
    assert cite.source.repository == "PRC FMA"
    assert cite.source.repository_name == "Archive of the Ministry of Foreign Affairs of the People's Republic of China"
    assert cite.source.reference == "109-03640-04"
    assert cite.source.pages is None
    assert cite.source.archive == "Wilson Center Digital Archive"


def test_german_reference_with_blatt_pages():
    cite = parse_citation(
        '"Letter from Walter Ulbricht to Nikita Khrushchev", 1961-1962, Wilson Center Digital Archive, '
        "SAPMO-BArch, DY 30/3386, Bl. 1-15. Translated for CWIHP by Bernd Schaefer."
    )
    assert (cite.source.repository, cite.source.reference, cite.source.pages) == ("SAPMO-BArch", "DY 30/3386", "Bl. 1-15")
    assert cite.date_text == "1961-1962"
    assert cite.translators == ["Bernd Schaefer"]


def test_hungarian_reference_best_effort():
    cite = parse_citation(
        '"Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry", March 1962, '
        "Wilson Center Digital Archive, MNL OL, XIX-J-1-j Korea, 1962, 11. doboz, 5/1962. Translated by Balázs Szalontai."
    )
    assert cite.source.repository == "MNL OL"
    assert cite.source.reference == "XIX-J-1-j Korea, 1962, 11. doboz, 5/1962"
    assert cite.source.pages is None  # "5/1962" and "1962" are not pages
    assert cite.translators == ["Balázs Szalontai"]


def test_single_page():
    cite = parse_citation('"Note", August 10, 1962, Wilson Center Digital Archive, PRC FMA 118-01767-01, p. 7.')
    assert cite.source.pages == "p. 7"
    assert cite.source.reference == "118-01767-01"


def test_no_pages():
    cite = parse_citation('"Note", August 10, 1962, Wilson Center Digital Archive, PRC FMA 118-01767-01.')
    assert cite.source.pages is None
    assert cite.source.reference == "118-01767-01"


def test_no_reference():
    cite = parse_citation('"Note", August 10, 1962, Wilson Center Digital Archive. Translated by Gary Goldberg.')
    assert cite.source == Source(archive="Wilson Center Digital Archive")
    assert cite.translators == ["Gary Goldberg"]


def test_no_url():
    assert parse_citation('"Note", August 10, 1962, Wilson Center Digital Archive').source.url is None


def test_plain_http_url():
    cite = parse_citation('"Note", 1962, Wilson Center Digital Archive, RGANI. http://digitalarchive.wilsoncenter.org/document/116')
    assert cite.source.url == "http://digitalarchive.wilsoncenter.org/document/116"
    assert cite.source.repository == "RGANI"


def test_url_directly_after_the_source_without_credits():
    cite = parse_citation(
        '"Note", 1962, Wilson Center Digital Archive, PRC FMA 118-01767-01, 7-11 https://example.org/document/1.'
    )
    assert cite.source.url == "https://example.org/document/1"
    assert cite.source.pages == "7-11"


def test_no_archive_before_the_repository():
    cite = parse_citation('"Note", 1962, RGANI, f. 5, op. 49, d. 131, ll. 193-194.')
    assert cite.source.archive is None
    assert (cite.source.repository, cite.source.reference) == ("RGANI", "f. 5, op. 49, d. 131")


def test_translated_and_edited_by_three_with_oxford_comma():
    cite = parse_citation(
        '"Conversation", 1962, Wilson Center Digital Archive. '
        "Translated and edited by Anna Beth Keim, Charles Kraus, and David Wolff."
    )
    names = ["Anna Beth Keim", "Charles Kraus", "David Wolff"]
    assert cite.translators == names
    assert cite.editors == names


def test_translated_by_two():
    assert parse_citation('"Note", 1962, Wilson Center Digital Archive. Translated by Ana Lalaj and Gary Goldberg.').translators == [
        "Ana Lalaj",
        "Gary Goldberg",
    ]


def test_list_without_oxford_comma():
    cite = parse_citation('"Note", 1962. Translated by A, B and C.')
    assert cite.translators == ["A", "B", "C"]


def test_obtained_and_translated():
    cite = parse_citation('"Note", 1962, Wilson Center Digital Archive. Obtained and translated by Sergey Radchenko.')
    assert cite.translators == ["Sergey Radchenko"]
    assert cite.contributors == ["Sergey Radchenko"]  # obtaining the document is contributing it


def test_edited_and_contributed_as_separate_sentences():
    cite = parse_citation(
        '"Note", 1962, Wilson Center Digital Archive. Translated by A. Edited by James Person. Contributed by Sergey Radchenko.'
    )
    assert cite.translators == ["A"]
    assert cite.editors == ["James Person"]
    assert cite.contributors == ["Sergey Radchenko"]


def test_translated_for_an_organisation():
    cite = parse_citation('"Note", 1962, Wilson Center Digital Archive. Translated for CWIHP by Vladislav Zubok.')
    assert cite.translators == ["Vladislav Zubok"]


def test_initials_do_not_end_a_name():
    cite = parse_citation('"Note", 1962, Wilson Center Digital Archive. Translated by S. V. Radchenko. https://x.org/d/1')
    assert cite.translators == ["S. V. Radchenko"]


def test_two_roles_in_one_sentence():
    cite = parse_citation('"Note", 1962, Wilson Center Digital Archive. Translated by Gary Goldberg and edited by James Person.')
    assert cite.translators == ["Gary Goldberg"]
    assert cite.editors == ["James Person"]


def test_unreadable_date_is_still_reported_as_written():
    cite = parse_citation('"Note", Augst 10, 1962, Wilson Center Digital Archive, PRC FMA 118-01767-01, 7-11.')
    assert cite.date_text == "Augst 10, 1962"
    assert cite.source.archive == "Wilson Center Digital Archive"


def test_title_without_quotes_ends_at_the_date():
    cite = parse_citation("Cable from Pyongyang, August 10, 1962, Wilson Center Digital Archive")
    assert cite.title == "Cable from Pyongyang"
    assert cite.date_text == "August 10, 1962"


def test_date_range_in_the_citation():
    cite = parse_citation('"Talks", December 30, 1961 - January 2, 1962, Wilson Center Digital Archive')
    assert cite.date_text == "December 30, 1961 - January 2, 1962"


def test_empty_and_whitespace_strings():
    assert parse_citation("") == Citation()
    assert parse_citation("   \n ") == Citation()


@given(st.text())
def test_never_raises_on_arbitrary_text(text):
    assert isinstance(parse_citation(text), Citation)


@given(
    st.lists(
        st.sampled_from(
            ['"', "\u201c", "\u201d", ",", ". ", "(", ")", "Translated by ", " and ", "Archive", "PRC FMA ",
             "f. 5", "ll. 1-5", "August 10, 1962", "1962", "http://x.org/a", "Bl. ", "7-11", "A", "edited"]
        ),
        max_size=25,
    ).map("".join)
)
def test_never_raises_on_citation_like_text(text):
    cite = parse_citation(text)
    assert all(name for name in cite.translators + cite.editors + cite.contributors)
