"""Derived layers: made at ingest for the revision they come from, and a curator's kept across re-runs."""

from __future__ import annotations


import pytest

from recto.archive import Archive
from recto.derive import NONE
from paths import REF_ID, REFERENCE, REPO


@pytest.fixture
def archive(tmp_path):
    with Archive.init(tmp_path / "archive") as a:
        assert a.ingest([REFERENCE], jobs=0).failed == 0
        yield a


def test_ingest_stores_the_extraction_and_alignment_of_the_revision(archive):
    extraction = archive.extraction(REF_ID)
    assert extraction is not None and extraction["revision_hash"] == archive.get(REF_ID).content_hash
    labels = {e["label"] for e in extraction["entities"]}
    assert {"Ji Pengfei", "Zhang Hanfu", "Xinjiang Uyghur Autonomous Region"} <= labels
    (alignment,) = archive.shown_alignments(REF_ID)
    assert alignment.key == "0-1" and alignment.producer.startswith("align fast")


def test_entities_are_search_facets_and_filters(archive):
    found = archive.search('person:"Ji Pengfei"')
    assert [r.id for r in found.results] == [REF_ID]
    facets = archive.search("Xinjiang", facets=True).facets
    assert ("Zhang Hanfu", 1) in facets["person"]
    assert any(value == "Xinjiang Uyghur Autonomous Region" for value, _n in facets["place"])


def test_a_curators_alignment_survives_a_re_run(archive):
    record = archive.get(REF_ID).record
    n_zh, n_en = len(record.texts[0].paragraphs), len(record.texts[1].paragraphs)
    archive.correct_alignment(REF_ID, "0-1", {"paragraphs": [[list(range(n_zh)), list(range(n_en))]]})
    assert archive.derive([REF_ID]) == 1
    shown = archive.shown_alignments(REF_ID)
    assert [(a.producer, len(a.data["paragraphs"])) for a in shown] == [("curator", 1)]
    producers = sorted(a.producer for a in archive.alignments(REF_ID))
    assert producers[0].startswith("align fast") and producers[1] == "curator"


def test_a_new_revision_gets_its_own_layers(archive, tmp_path):
    changed = tmp_path / REFERENCE.name
    changed.write_text(REFERENCE.read_text("utf-8").replace("has stabilized", "has calmed"), "utf-8")
    assert archive.ingest([changed], jobs=0).revised == 1
    assert archive.extraction(REF_ID)["revision_hash"] == archive.get(REF_ID).content_hash
    assert archive.extraction(REF_ID, revision=1)["revision_hash"] == archive.get(REF_ID, 1).content_hash


def test_ingest_without_deriving_stores_no_layers(tmp_path):
    with Archive.init(tmp_path / "bare") as a:
        a.ingest([REFERENCE], jobs=0, steps=NONE)
        assert a.extraction(REF_ID) is None and a.shown_alignments(REF_ID) == []
        assert a.derive() == 1
        assert a.extraction(REF_ID) is not None


def test_records_naming_the_same_people_or_places_find_each_other(tmp_path):
    with Archive.init(tmp_path / "many") as a:
        a.ingest([REFERENCE, REPO / "tests" / "data" / "exports", REPO / "src" / "recto" / "samples"], jobs=0)
        ids = [r.id for r in a.list(100)]
        sharing = {i: [r.id for r in a.sharing_entities(i)] for i in ids}
        assert any(sharing.values())
        for record_id, others in sharing.items():
            assert record_id not in others
            for other in others:
                assert record_id in sharing[other], (record_id, other)
