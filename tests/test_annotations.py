"""Editorial marks are taken out of the prose and kept with their place."""

from __future__ import annotations

from recto.text.annotations import mark_kind, split_marks


def test_kinds_of_marks():
    assert mark_kind("...") == "omission"
    assert mark_kind("…") == "omission"
    assert mark_kind("Illegible brief handwritten note") == "illegible"
    assert mark_kind("handwritten: agreed") == "handwritten"
    assert mark_kind("stamp") == "stamp"
    assert mark_kind("signature") == "signature"
    assert mark_kind("page 3 missing") == "editorial"


def test_interpolated_words_stay_in_the_prose():
    prose, marks = split_marks(["The [Chinese] authorities did not respond."])
    assert prose == ["The [Chinese] authorities did not respond."]
    assert marks == []


def test_standalone_marks_keep_their_place():
    prose, marks = split_marks(["[...]", "Confidential", "[...]", "Title", "[Illegible brief handwritten note]", "Body."])
    assert prose == ["Confidential", "Title", "Body."]
    assert [(m.paragraph, m.standalone, m.kind) for m in marks] == [(0, True, "omission"), (1, True, "omission"), (2, True, "illegible")]


def test_inline_mark_removed_with_its_space_and_offset_recorded():
    prose, marks = split_marks(["He said [illegible] that the border [...] would close."])
    assert prose == ["He said that the border would close."]
    assert [(m.text, m.offset) for m in marks] == [("[illegible]", 7), ("[...]", 23)]
    # The offsets point at the gaps in the cleaned text.
    assert prose[0][:7] == "He said" and prose[0][:23].endswith("border")


def test_a_mark_closing_a_text_points_past_the_last_paragraph():
    prose, marks = split_marks(["Body.", "[signature]"])
    assert prose == ["Body."]
    assert (marks[0].paragraph, marks[0].standalone) == (1, True)
