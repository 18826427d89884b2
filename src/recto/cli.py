"""The `recto` command: a thin layer over `recto.archive`."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from recto.archive import Archive, show_json
from recto.derive import Steps
from recto.errors import RectoError
from recto.record import Record

DEFAULT_ARCHIVE = "archive"


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """One clear line for the user's problems; no stack traces unless RECTO_DEBUG is set."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RectoError as exc:
            _fail(str(exc))
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt, SystemExit):
            raise
        except BrokenPipeError:
            # The reader went away (`recto align ... | head`): stop quietly, as other tools do. Python
            # would fail again flushing stdout at exit, so it is pointed at /dev/null first.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as exc:
            if os.environ.get("RECTO_DEBUG"):
                raise
            _fail(f"unexpected {type(exc).__name__}: {exc} (set RECTO_DEBUG=1 for details)")

    return wrapper


@click.group()
@click.option(
    "--archive",
    "archive_path",
    envvar="RECTO_ARCHIVE",
    default=DEFAULT_ARCHIVE,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The archive folder (or set RECTO_ARCHIVE).",
)
@click.version_option(package_name="recto")
@click.pass_context
def cli(ctx: click.Context, archive_path: Path) -> None:
    """Recto: an archive of primary sources in their original language and in translation."""
    ctx.obj = archive_path


def _open(ctx: click.Context) -> Archive:
    archive = Archive.open(ctx.obj)
    ctx.call_on_close(archive.close)
    return archive


@cli.command()
@click.pass_context
@handle_errors
def init(ctx: click.Context) -> None:
    """Create the archive (or bring its schema up to date)."""
    with Archive.init(ctx.obj) as archive:
        click.echo(f"archive ready at {archive.path} ({archive.count()} records)")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "reader", default=None, help="Read every file with this reader (archive-text, jsonl) instead of guessing.")
@click.option("--encoding", default=None, help="Text encoding of the files when not UTF-8 (e.g. gb18030, cp1251).")
@click.option("--quiet", "-q", is_flag=True, help="Print only failures and the summary.")
@click.option("--extract/--no-extract", default=True, show_default=True, help="Extract people, places, dates and document structure.")
@click.option(
    "--align/--no-align",
    default=True,
    show_default=True,
    help="Align each original with its translations (fast mode). Alignment is the slowest step: "
    "--no-align (or --no-extract --no-align) for bulk loads, then `recto derive` catches up.",
)
@click.option("--jobs", type=click.IntRange(0, 64), default=None, help="Worker processes for parsing (default: one a core; 0: none).")
@click.pass_context
@handle_errors
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    reader: str | None,
    encoding: str | None,
    quiet: bool,
    extract: bool,
    align: bool,
    jobs: int | None,
) -> None:
    """Ingest export files and folders of them.

    Each record is stored whole or not at all; bad files are reported one line
    each and the rest of the batch goes on. The exit status is 1 if anything failed.
    """
    archive = _open(ctx)
    interactive = sys.stderr.isatty() and not quiet
    total = sum(1 for _ in archive.files(paths)) if interactive else 0

    with click.progressbar(length=total, label="ingesting", file=sys.stderr) if interactive else _NoBar() as bar:

        def progress(path: Path, results: list, failures: list) -> None:
            bar.update(1)
            for failure in failures:
                # Failures are printed as they happen, above the bar.
                click.echo(f"\nfailed: {failure}" if interactive else f"failed: {failure}", err=True)
            if not quiet and not interactive:
                for result in results:
                    click.echo(f"{result.status}: {result.id} (revision {result.revision})")

        report = archive.ingest(
            paths, reader=reader, encoding=encoding, progress=progress, keep_results=False, steps=Steps(extract, align), jobs=jobs
        )
    click.echo(report.summary(), err=interactive)
    if report.failed:
        sys.exit(1)


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None

    label = ""


@cli.command()
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True, help="The whole record as JSON (see schema/record.schema.json).")
@click.option("--revision", type=int, default=None, help="Show an earlier revision.")
@click.pass_context
@handle_errors
def show(ctx: click.Context, record_id: str, as_json: bool, revision: int | None) -> None:
    """Show one record."""
    archive = _open(ctx)
    stored = archive.get(record_id, revision)
    if as_json:
        alignments = archive.shown_alignments(record_id, stored.revision)
        click.echo(json.dumps(show_json(stored, alignments), ensure_ascii=False, indent=2))
        return
    click.echo(format_record(stored.record, stored.revision, stored.revisions))


@cli.command("list")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@handle_errors
def list_(ctx: click.Context, limit: int, offset: int, as_json: bool) -> None:
    """List records by date."""
    archive = _open(ctx)
    rows = archive.list(limit, offset)
    if as_json:
        click.echo(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
        return
    for row in rows:
        mark = " [invented example]" if row.invented and "invented" not in row.title.lower() else ""
        click.echo(f"{row.id}\t{row.date or '-'}\t{row.title}{mark}")
    click.echo(f"{len(rows)} of {archive.count()} records", err=True)


@cli.command()
@click.argument("record_id")
@click.pass_context
@handle_errors
def history(ctx: click.Context, record_id: str) -> None:
    """The revisions of a record, oldest first."""
    for rev in _open(ctx).revisions(record_id):
        click.echo(f"revision {rev.revision}\t{rev.created_at}\t{rev.reader or '-'}\t{rev.source_path or '-'}\t{rev.content_hash[:12]}")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "tmx"]), default="jsonl", show_default=True)
@click.option("--record", "record_id", default=None, help="Only this record (tmx).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write (default: standard output).")
@click.pass_context
@handle_errors
def export(ctx: click.Context, fmt: str, record_id: str | None, output: Path | None) -> None:
    """Export every record (current revisions) as JSON Lines, or their aligned sentences as TMX.

    TMX (translation memory exchange, 1.4b) holds one translation unit a sentence bead of the
    alignments readers see, for CAT tools and parallel-corpus builders.
    """
    archive = _open(ctx)
    if record_id is not None and fmt != "tmx":
        raise click.BadParameter("only a TMX export is of one record", param_hint="'--record'")
    if fmt == "tmx":
        write, what = (lambda out: archive.export_tmx(out, record_id)), "translation units"
    else:
        write, what = archive.export_jsonl, "records"
    if output is None:
        count = write(sys.stdout)
    else:
        # Write beside the target and rename, so a failed export never leaves half a file.
        partial = output.with_name(output.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as out:
                count = write(out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(output)
    click.echo(f"exported {count} {what}", err=True)


@cli.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Results as JSON.")
@click.option("--facets", is_flag=True, help="Also count results by language, year, decade, repository, type, translator, donor.")
@click.option("--sort", type=click.Choice(["relevance", "date", "-date"]), default=None, help="Default: relevance.")
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 100), default=10, show_default=True)
@click.pass_context
@handle_errors
def search_(ctx: click.Context, query: tuple[str, ...], as_json: bool, facets: bool, sort: str | None, page: int, per_page: int) -> None:
    """Search the archive in any language it holds.

    \b
    Words are ANDed; "quoted phrases"; OR; -word or NOT word; ( ) group.
    Fields: title: summary: text: original: translation: citation:
    Filters: lang:zh repository:"PRC FMA" translator: type: donor: archive: year:1962 decade:1960s
    Dates: date:1962-04..1962-08 (a record counts if its date overlaps the range)
    """
    results = _open(ctx).search(" ".join(query), sort=sort, page=page, per_page=per_page, facets=facets)
    if as_json:
        click.echo(json.dumps(results.to_json(), ensure_ascii=False, indent=2))
        return
    for warning in results.parsed.warnings:
        click.echo(f"note: {warning}", err=True)
    first = (results.page - 1) * results.per_page
    for n, result in enumerate(results.results, start=first + 1):
        mark = " [invented example]" if result.invented and "invented" not in result.title.lower() else ""
        click.echo(f"{n}. {click.style(result.title, bold=True)}{mark}")
        click.echo(f"   {result.id} · {result.date or 'undated'}")
        for snippet in result.snippets:
            click.echo(f"   {snippet.field} ({snippet.language}): {_highlighted(snippet.text, snippet.highlights)}")
    shown = f"{first + 1}-{first + len(results.results)}" if results.results else "0"
    click.echo(f"{shown} of {results.total} results (page {results.page} of {results.pages})", err=True)
    for name, values in results.facets.items():
        if values:
            click.echo(f"{name}: " + ", ".join(f"{v} ({n})" for v, n in values), err=True)


def _highlighted(text: str, highlights: tuple[tuple[int, int], ...]) -> str:
    out, pos = [], 0
    for start, end in highlights:
        out.append(text[pos:start])
        out.append(click.style(text[start:end], bold=True, fg="yellow"))
        pos = end
    out.append(text[pos:])
    return "".join(out)


@cli.command()
@click.argument("record_ids", nargs=-1)
@click.option(
    "--accurate",
    is_flag=True,
    help="Make the accurate alignments (sentence embeddings) the records lack, instead. Long work: stop it "
    "any time and run it again to go on.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only failures and the summary.")
@click.pass_context
@handle_errors
def derive(ctx: click.Context, record_ids: tuple[str, ...], accurate: bool, quiet: bool) -> None:
    """(Re)make extractions and fast alignments of current revisions (all, or the ids given).

    Curators' corrections are kept: they are stored apart and always shown first. With
    --accurate, the accurate alignments are made, shown before the fast ones; the exit
    status is 1 if any record failed.
    """
    archive = _open(ctx)
    if not accurate:
        count = archive.derive(record_ids or None)
        click.echo(f"derived {count} records")
        return
    interactive = sys.stderr.isatty() and not quiet
    total = len(record_ids) if record_ids else archive.count()
    with click.progressbar(length=total, label="aligning", file=sys.stderr) if interactive else _NoBar() as bar:
        shown = [0]  # records the bar has counted

        def progress(record_id: str, done: int, count: int, made: int, to_make: int) -> None:
            bar.update(done - shown[0])
            shown[0] = done
            if interactive:
                bar.label = f"aligning {record_id}" + (f" (embeddings {made}/{to_make})" if to_make else "")
            elif not quiet and not to_make:
                click.echo(f"aligning {record_id} ({done + 1} of {count})")

        report = archive.align_accurate(record_ids or None, progress=progress)
        bar.update(total - shown[0])
    for failure in report.failures:
        click.echo(f"failed: {failure}", err=True)
    click.echo(report.summary(), err=interactive)
    if report.failures:
        sys.exit(1)


def _language_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A language option as a BCP 47 tag (`Chinese`, `ZH` -> `zh`); a value that is neither a tag nor a name is refused."""
    from recto.text.langid import language_tag

    if value is None:
        return None
    tag = language_tag(value)
    if tag is None:
        raise click.BadParameter(f"{value!r} is not a language tag or name (for example zh, en, de-AT, Chinese)")
    return tag


@cli.command("align")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("target", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mode", type=click.Choice(["fast", "accurate"]), default="fast", show_default=True)
@click.option("--split", is_flag=True, help="The inputs hold one sentence a line (as in bench/align); otherwise they are split.")
@click.option(
    "--src-lang", default=None, callback=_language_option,
    help="Language of SOURCE (a BCP 47 tag or a name: zh, Chinese); detected from the text when not given.",
)
@click.option("--tgt-lang", default=None, callback=_language_option, help="Language of TARGET; detected when not given.")
@handle_errors
def align_(source: Path, target: Path, mode: str, split: bool, src_lang: str | None, tgt_lang: str | None) -> None:
    """Align two texts sentence by sentence; print one bead a line, `[i,j]:[k]`.

    Needs no archive. Sentence ids count from 0 in each input. In accurate mode, a terminal
    sees the embeddings being made (cached: a second run of the same texts makes none).
    """
    from recto.align import align, format_bead, split_sentences
    from recto.ingest.files import read_text
    from recto.text.langid import detect

    sides = []
    for path, lang in ((source, src_lang), (target, tgt_lang)):
        text = read_text(path)
        language = lang or detect(text[:20_000])
        if not language:
            raise RectoError(f"{path}: cannot tell its language; give it with --src-lang/--tgt-lang")
        if split:
            sentences = text.split("\n")
            if sentences and sentences[-1] == "":
                sentences.pop()
        else:
            sentences = [s for block in text.split("\n\n") if block.strip() for s in split_sentences(block.strip(), language)]
        sides.append((sentences, language))
    (src, sl), (tgt, tl) = sides
    shown = False

    def progress(done: int, total: int) -> None:  # a status line, rewritten in place; each side counts apart
        nonlocal shown
        click.echo(f"\rembedding {done}/{total} sentence windows\x1b[K", nl=False, err=True)
        shown = True

    terminal = mode == "accurate" and sys.stderr.isatty()
    beads = align(src, tgt, sl, tl, mode=mode, progress=progress if terminal else None)  # type: ignore[arg-type]
    if shown:
        click.echo(err=True)
    for bead in beads:
        click.echo(format_bead(bead))


@cli.command()
@click.pass_context
@handle_errors
def reindex(ctx: click.Context) -> None:
    """Rebuild the search index from the current revisions."""
    archive = Archive.open(ctx.obj, check_index=False)
    ctx.call_on_close(archive.close)
    count = archive.reindex()
    click.echo(f"indexed {count} records")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--write-token-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="File holding the token that allows ingest over HTTP (POST /api/ingest). Without it (or RECTO_WRITE_TOKEN) writes are off.",
)
@click.pass_context
@handle_errors
def serve(ctx: click.Context, host: str, port: int, write_token_file: Path | None) -> None:
    """Serve the reading room and the JSON API."""
    import uvicorn

    from recto.web.app import create_app

    token = write_token_file.read_text("utf-8").strip() if write_token_file else os.environ.get("RECTO_WRITE_TOKEN")
    app = create_app(ctx.obj, write_token=token)
    with Archive.open(ctx.obj) as archive:
        count = archive.count()
    click.echo(f"Recto: {count} records from {ctx.obj}, at http://{host}:{port}/ (writes {'on' if token else 'off'}; Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def format_record(record: Record, revision: int, revisions: int) -> str:
    """The record laid out like the archive page it came from."""
    lines: list[str] = []
    if record.invented:
        lines += ["[INVENTED EXAMPLE: not a real archival document]", ""]
    lines += [record.date_text or record.date or "(undated)", "", record.title, ""]

    def section(label: str, value: str | None) -> None:
        if value:
            lines.extend([f"{label}:", "", value, ""])

    section("Citation", record.citation)
    section("Summary", record.summary)
    section("Credits", record.credits)
    section("Original Language", ", ".join(record.languages.get("original", [])))
    section("Contents", "\n".join(c.label for c in record.contents))
    section("Translators", ", ".join(record.translators))
    section("Editors", ", ".join(record.editors))
    section("Donors", "; ".join(record.donors))
    src = record.source
    section(
        "Source",
        "\n".join(
            f"{k}: {v}"
            for k, v in (
                ("archive", src.archive),
                ("repository", src.repository),
                ("reference", src.reference),
                ("pages", src.pages),
                ("url", src.url),
            )
            if v
        ),
    )
    for text in record.texts:
        lines += [f"--- {text.role} ({text.language}), {len(text.paragraphs)} paragraphs ---", ""]
        for paragraph in text.paragraphs:
            lines += [paragraph, ""]
        for mark in text.annotations:
            lines.append(f"  note before paragraph {mark.paragraph + 1}: {mark.text} ({mark.kind})" if mark.standalone else f"  note in paragraph {mark.paragraph + 1} at {mark.offset}: {mark.text} ({mark.kind})")
        if text.annotations:
            lines.append("")
    lines.append(f"revision {revision} of {revisions}")
    return "\n".join(lines)


def main() -> None:
    cli(prog_name="recto")


if __name__ == "__main__":
    main()
