"""Derived layers: made at ingest for the revision they come from, and a curator's kept across re-runs."""

from __future__ import annotations


import pytest

from recto.archive import Archive
from recto.align import Bead
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


class _Embedder:
    """Vectors drawn from each text's hash: the accurate mode's plumbing without the model."""

    def __init__(self, fail_on: str | None = None):
        self.texts: list[str] = []
        self.fail_on = fail_on

    def embed(self, texts, progress=None):
        import hashlib

        import numpy as np

        if self.fail_on and any(self.fail_on in t for t in texts):
            raise RuntimeError("the model ran out of memory")
        self.texts += texts
        out = np.stack([np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)).normal(size=8) for t in texts])
        if progress:
            progress(len(texts), len(texts))
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype("float32")


def test_accurate_alignments_are_made_once_and_shown_before_the_fast_ones(archive, tmp_path):
    from recto.align import check_beads

    embedder, seen = _Embedder(), []
    report = archive.align_accurate(embedder=embedder, progress=lambda *args: seen.append(args))
    assert (report.aligned, report.already, report.failures) == (1, 0, [])
    (shown,) = archive.shown_alignments(REF_ID)
    assert shown.producer.startswith("align accurate")
    check_beads([Bead.from_json(b) for b in shown.data["sentences"]], len(shown.data["src_sentences"]), len(shown.data["tgt_sentences"]))
    assert sorted(a.producer.split()[1] for a in archive.alignments(REF_ID)) == ["accurate", "fast"]
    assert seen[0] == (REF_ID, 0, 1, 0, 0) and seen[-1][3] == seen[-1][4] > 0  # the record, then its embeddings
    # Run again (as after a stop): what is done is not done again.
    embedded = len(embedder.texts)
    report = archive.align_accurate(embedder=embedder)
    assert (report.aligned, report.already) == (0, 1) and len(embedder.texts) == embedded
    # A new revision has none yet.
    changed = tmp_path / REFERENCE.name
    changed.write_text(REFERENCE.read_text("utf-8").replace("has stabilized", "has calmed"), "utf-8")
    assert archive.ingest([changed], jobs=0).revised == 1
    assert archive.align_accurate(embedder=embedder).aligned == 1


def test_a_record_that_cannot_be_aligned_accurately_is_reported_and_the_batch_goes_on(archive):
    report = archive.align_accurate(["no-such-record", REF_ID], embedder=_Embedder(fail_on="Soviet"))
    assert report.aligned == 0 and len(report.failures) == 2
    assert report.failures[0].startswith("no-such-record: ")
    assert report.failures[1] == f"{REF_ID}: the model ran out of memory"
    # nothing half-written: the fast alignment is still the one shown
    assert [a.producer.split()[1] for a in archive.shown_alignments(REF_ID)] == ["fast"]
    assert archive.align_accurate(["no-such-record", REF_ID], embedder=_Embedder()).aligned == 1


def test_the_newest_aligner_s_alignment_is_shown(archive):
    from recto.store.base import Derived

    (fast,) = archive.shown_alignments(REF_ID)
    version = int(fast.producer.split()[-1])
    old = Derived(REF_ID, fast.revision, "alignment", fast.key, f"align fast {version - 1}", {"paragraphs": []})
    archive.store.put_derived(old)
    assert [a.producer for a in archive.shown_alignments(REF_ID)] == [fast.producer]
