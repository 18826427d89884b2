"""Extension points: a third-party reader and stemmer plug in like Recto's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from recto.archive import Archive
from recto.errors import IngestError
from recto.hookspecs import hookimpl
from recto.ingest.readers import Item, Reader
from recto.plugins import pm
from recto.record import Record, Text
from recto.search import analysis


def _read_tsv(path: Path, text: str) -> Iterator[Item | IngestError]:
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split("\t")
        if len(parts) != 3:
            yield IngestError("expected id, title and text separated by tabs", path=str(path), line=number)
            continue
        record_id, title, body = parts
        yield Item(Record(id=record_id, title=title, texts=[Text("original", "en", [body])], invented=True), line.encode(), number)


class TsvPlugin:
    @hookimpl
    def recto_readers(self) -> list[Reader]:
        return [Reader("tsv", (".tsv",), lambda path, head: path.suffix == ".tsv", _read_tsv)]

    @hookimpl
    def recto_stemmers(self):
        return {"en": lambda word: word[:4]}  # a crude stemmer that wins over Snowball's


@pytest.fixture
def plugin():
    instance = TsvPlugin()
    pm.register(instance, "test-tsv")
    analysis.stemmers.cache_clear()
    analysis.stem.cache_clear()
    analysis._word_term.cache_clear()
    yield instance
    pm.unregister(instance)
    analysis.stemmers.cache_clear()
    analysis.stem.cache_clear()
    analysis._word_term.cache_clear()


def test_a_plugin_reader_is_used_for_its_files(plugin, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "records.tsv").write_text("a1\tA note [invented example]\tThe border was quiet.\nbroken line\n")
    (folder / "ignored.xyz").write_text("not for any reader")
    with Archive.init(tmp_path / "archive") as archive:
        report = archive.ingest([folder], jobs=0)
        assert (report.ingested, report.failed) == (1, 1)
        assert report.failures[0].line == 2
        assert archive.get("a1").record.title == "A note [invented example]"
        assert archive.revisions("a1")[0].reader == "tsv"


def test_a_plugin_stemmer_wins_over_the_built_in_one(plugin):
    assert analysis.stem("borders", "en") == "bord"


def test_without_the_plugin_snowball_stems(tmp_path):
    assert analysis.stem("borders", "en") == "border"
