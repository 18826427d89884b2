"""Ingest benchmark: records per second and peak memory, at several archive sizes.

    python bench/ingest.py --sizes 1000,10000,100000

For each size N it writes N invented records like the reference record
(bench/corpus.py) into a temporary folder, then runs `recto ingest` on them in
a child process for each mode (`store`: read, store and index; `extract`: and
OCR clean-up, structure, dates and entities; `all`: and fast alignment) and
reports wall time, records/s and peak resident memory of the writer and of
its parsing workers. Memory should stay flat as N grows: ingest streams.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import write_corpus  # noqa: E402


# Runs the real `recto` command in a child that reports its own peak memory on exit.
_MEASURED_RECTO = (
    "import atexit, resource, sys\n"
    "atexit.register(lambda: print('PEAK_RSS_KIB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,\n"
    "    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr))\n"
    "from recto.cli import main\n"
    "sys.argv[0] = 'recto'\n"
    "main()\n"
)


# What each mode asks `recto ingest` to make besides the stored, indexed record.
MODES = {
    "store": ["--no-extract", "--no-align"],  # the foundation: read, store, index
    "extract": ["--no-align"],  # plus OCR clean-up, structure, dates, entities
    "all": [],  # plus the fast alignment of every original with its translations
}


def run_ingest(corpus: Path, archive: Path, mode: str) -> tuple[float, int, int, str]:
    """Seconds, peak RSS in KiB of the writer and of its largest parsing worker, and the summary line."""
    recto = [sys.executable, "-c", _MEASURED_RECTO, "--archive", str(archive)]
    subprocess.run([*recto, "init"], check=True, capture_output=True)
    start = time.perf_counter()
    done = subprocess.run([*recto, "ingest", "--quiet", *MODES[mode], str(corpus)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"ingest failed: {done.stderr.strip()[-2000:]}")
    lines = done.stderr.strip().splitlines()
    _label, writer, worker = next(line.split() for line in lines if line.startswith("PEAK_RSS_KIB"))
    summary = next((line for line in lines + done.stdout.splitlines() if line.startswith("ingested ")), "")
    return seconds, int(writer), int(worker), summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated record counts, smallest first")
    parser.add_argument("--workdir", type=Path, default=None, help="where to write corpora and archives (default: a temp folder)")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.add_argument("--modes", default="store,extract", help=f"comma-separated, of {', '.join(MODES)}")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="recto-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for n in sizes:
            corpus = work / f"corpus-{n}"
            shutil.rmtree(corpus, ignore_errors=True)
            raw = write_corpus(corpus, n)
            for mode in args.modes.split(","):
                archive = work / f"archive-{n}-{mode}"
                shutil.rmtree(archive, ignore_errors=True)
                seconds, peak_kib, worker_kib, summary = run_ingest(corpus, archive, mode)
                db = archive / "recto.db"
                result = {
                    "records": n,
                    "mode": mode,
                    "raw_mb": round(raw / 1e6, 1),
                    "seconds": round(seconds, 1),
                    "records_per_s": round(n / seconds),
                    "peak_rss_mb": round(peak_kib / 1024, 1),
                    "worker_peak_rss_mb": round(worker_kib / 1024, 1),
                    "db_mb": round(sum(p.stat().st_size for p in archive.iterdir() if p.name.startswith(db.name)) / 1e6, 1),
                    "summary": summary,
                    "cpu": os.cpu_count(),
                }
                results.append(result)
                if not args.json:
                    print(
                        f"{n:>9,} records  {mode:>7}  {result['raw_mb']:>8} MB raw  {seconds:8.1f} s  "
                        f"{result['records_per_s']:>6,} records/s  peak RSS {result['peak_rss_mb']:>6} MB "
                        f"(worker {result['worker_peak_rss_mb']} MB)  "
                        f"archive {result['db_mb']} MB  ({summary})",
                        flush=True,
                    )
                shutil.rmtree(archive, ignore_errors=True)
            shutil.rmtree(corpus, ignore_errors=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
