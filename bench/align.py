#!/usr/bin/env python3
"""Sentence-alignment benchmark: both modes on ../shared/bench/align/.

    .venv/bin/python bench/align.py [--modes fast,accurate] [--corpora mac-dev,textberg-de-fr]
                                    [--data ../shared/bench/align] [--out DIR] [--check-scorer]
                                    [--option KEY=VALUE ...] [--per-text] [--short N]

For each corpus and mode: strict and lax precision, recall and F1 with the
definitions of the benchmark's score.py (imported from the data folder, so
the figures are the scorer's own), source sentences per second (wall clock, and per CPU second, which a busy machine does not distort;
alignment only: reading files and the one-time load of the dictionary and
pinyin tables excluded, printed apart; for `accurate`, embedding is timed
apart since its cache makes re-runs free) and the peak resident memory of
the run. Run it with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 for one core. Published strict F1 on mac-dev is printed beside,
and the highest strict recall any monotonic aligner can reach on each gold. With --out, the
beads are written one file per text (NAME.align), which score.py reads;
--check-scorer runs score.py itself on them and prints its line. --option sets a field of
the aligner's `Options` (`--option gaps=False --option max_sentences=6`), so that an
ablation is one command; --per-text adds each text's strict F1. --short N also aligns each text
cut into short texts of about N source sentences, each alone (`short_texts`), as an archive's
short records are: there the aligner has little to learn its estimates from.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from recto.align import Options, align, format_beads  # noqa: E402
from recto.align.beads import is_run  # noqa: E402
from recto.align.freedict import has_pair  # noqa: E402

CORPORA = {"mac-dev": ("zh", "en"), "textberg-de-fr": ("de", "fr")}
PUBLISHED = {
    "mac-dev": [("Gale-Church", 0.557, 0.784), ("Hunalign", 0.598, 0.818), ("Bleualign", 0.654, 0.869),
                ("Vecalign", 0.875, 0.992), ("Bertalign", 0.909, 0.997)],
    "textberg-de-fr": [("Bertalign (reported)", 0.936, 0.989)],
}


def load_scorer(data: Path):
    spec = importlib.util.spec_from_file_location("align_score", data / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def parse_options(settings: list[str]) -> Options:
    """The aligner's options with KEY=VALUE settings applied, each value read as its field's type
    (that of its default; `none` for a field whose default is None)."""
    defaults = Options()
    names = [f.name for f in dataclasses.fields(Options)]
    values: dict[str, object] = {}
    for setting in settings:
        key, sep, raw = setting.partition("=")
        if not sep or key not in names:
            raise ValueError(f"--option {setting!r}: expected KEY=VALUE, KEY one of {', '.join(names)}")
        default = getattr(defaults, key)
        try:
            values[key] = _typed(raw, default)
        except ValueError:
            kind = "true or false" if isinstance(default, bool) else "int" if default is None else type(default).__name__
            raise ValueError(f"--option {setting!r}: {key} takes {kind}") from None
    return dataclasses.replace(defaults, **values)


def _typed(raw: str, default: object) -> object:
    if isinstance(default, bool):
        if raw.lower() not in ("true", "false"):
            raise ValueError(raw)
        return raw.lower() == "true"
    if default is None:
        return None if raw.lower() == "none" else int(raw)
    return type(default)(raw)


def run(
    data: Path, corpus: str, mode: str, out: Path | None, names: list[str] | None = None, options: Options | None = None
):
    options = options or Options()
    src_lang, tgt_lang = CORPORA[corpus]
    folder = data / corpus
    names = names or sorted(os.listdir(folder / "gold"))
    texts = [(n, read_lines(folder / src_lang / n), read_lines(folder / tgt_lang / n)) for n in names]
    embed_seconds = 0.0
    if mode == "accurate":  # embed first (cached), so the alignment time below is the aligner's own
        from recto.align.embed import Embedder, embed_windows

        embedder = Embedder()
        windows = options.for_mode(mode).max_sentences - 1  # the windows `align` reads
        start = time.perf_counter()
        for _name, src, tgt in texts:
            embed_windows(embedder, src, windows, src_lang)
            embed_windows(embedder, tgt, windows, tgt_lang)
        embed_seconds = time.perf_counter() - start
    results = {}
    start, cpu_start = time.perf_counter(), time.process_time()
    for name, src, tgt in texts:
        results[name] = align(src, tgt, src_lang, tgt_lang, mode, options=options)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    n_src = sum(len(s) for _n, s, _t in texts)
    n_tgt = sum(len(t) for _n, _s, t in texts)
    if out:
        (out / corpus / mode).mkdir(parents=True, exist_ok=True)
        for name, beads in results.items():
            (out / corpus / mode / f"{name}.align").write_text(format_beads(beads), encoding="utf-8")
    return results, seconds, cpu_seconds, embed_seconds, n_src, n_tgt


Gold = list[tuple[tuple[int, ...], tuple[int, ...]]]


def short_texts(src: list[str], tgt: list[str], gold: Gold, size: int) -> list[tuple[list[str], list[str], Gold]]:
    """The texts cut into pieces of at least `size` source sentences (the last may be shorter), each
    with its gold renumbered. A cut falls only between gold beads, where no later bead holds a
    sentence before it on either side."""
    never = max(len(src), len(tgt)) + 1
    later = [(never, never)] * (len(gold) + 1)  # later[k]: the first sentences of beads k.. on each side
    for k in range(len(gold) - 1, -1, -1):
        s, t = gold[k]
        later[k] = (min([later[k + 1][0], *s]), min([later[k + 1][1], *t]))
    pieces, start, held, ends = [], (0, 0), [], (0, 0)
    for k, (s, t) in enumerate(gold):
        held.append((tuple(s), tuple(t)))
        ends = (max([ends[0], *(i + 1 for i in s)]), max([ends[1], *(j + 1 for j in t)]))
        last = k == len(gold) - 1
        if last or (ends[0] - start[0] >= size and later[k + 1][0] >= ends[0] and later[k + 1][1] >= ends[1]):
            stop = (len(src), len(tgt)) if last else ends
            renumbered = [(tuple(i - start[0] for i in a), tuple(j - start[1] for j in b)) for a, b in held]
            pieces.append((src[start[0]:stop[0]], tgt[start[1]:stop[1]], renumbered))
            start, held = stop, []
    return pieces


def short_text_scores(
    scorer, data: Path, corpus: str, mode: str, size: int, options: Options, gold: dict[str, Gold]
) -> tuple[int, dict]:
    """The number of short texts (`short_texts`) and the scorer's figures over all of them; `gold`
    is each text's, as the scorer read it."""
    src_lang, tgt_lang = CORPORA[corpus]
    folder = data / corpus
    pairs = []
    for name, text_gold in gold.items():
        for src, tgt, piece_gold in short_texts(read_lines(folder / src_lang / name), read_lines(folder / tgt_lang / name), text_gold, size):
            beads = align(src, tgt, src_lang, tgt_lang, mode, options=options)
            pairs.append((piece_gold, [(b.src, b.tgt) for b in beads]))
    return len(pairs), scorer.score(pairs)


def reachable_recall(gold: list[Gold]) -> float:
    """The highest strict recall any monotonic aligner can reach on this gold: the share of its
    paired beads on the longest chain that is in order on both sides, each side consecutive.

    A gold bead that crosses another or holds sentences that are not neighbours is on no
    monotonic path (textberg has such beads, mac-dev none).
    """
    reachable = total = 0
    for beads in gold:
        paired = sorted(b for b in beads if b[0] and b[1])
        total += len(paired)
        paired = [b for b in paired if is_run(b[0]) and is_run(b[1])]
        chain = [1] * len(paired)  # chain[k]: the longest chain in order that ends with bead k
        for k, (src, tgt) in enumerate(paired):
            for before in range(k):
                if paired[before][0][-1] < src[0] and paired[before][1][-1] < tgt[0]:
                    chain[k] = max(chain[k], chain[before] + 1)
        reachable += max(chain, default=0)
    return reachable / total if total else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = Path(__file__).resolve().parent.parent
    parser.add_argument("--data", type=Path, default=here.parent / "shared" / "bench" / "align")
    parser.add_argument("--modes", default="fast,accurate")
    parser.add_argument("--corpora", default="mac-dev,textberg-de-fr")
    parser.add_argument("--out", type=Path, help="write NAME.align files under OUT/CORPUS/MODE/")
    parser.add_argument("--check-scorer", action="store_true", help="also run score.py on the written files")
    parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE", help="set a field of the aligner's Options")
    parser.add_argument("--per-text", action="store_true", help="also print each text's strict F1")
    parser.add_argument("--short", type=int, metavar="N", help="also align the texts cut into short texts of about N source sentences")
    args = parser.parse_args()
    try:
        options = parse_options(args.option)
    except ValueError as error:
        parser.error(str(error))
    scorer = load_scorer(args.data)
    start = time.perf_counter()
    align(["预热。"], ["Warm-up."], "zh", "en")  # loads CC-CEDICT (a cached pickle) and pypinyin's tables
    align(["Wir stiegen zum Gipfel."], ["Nous montâmes au sommet."], "de", "fr")  # the German-French FreeDict dictionary, the lemmatisers
    print(f"one-time load: {time.perf_counter() - start:.2f} s")
    print("German-French: " + ("FreeDict's dictionary" if has_pair("de", "fr") else
          "no dictionary installed, cognates alone (apt-get install dict-freedict-deu-fra dict-freedict-fra-deu)"))
    out = args.out
    if args.check_scorer and out is None:
        out = Path(tempfile.mkdtemp(prefix="recto-align-"))
    if args.option:
        print(f"options: {options}")
    print(f"{'corpus':16} {'mode':9} {'P strict':>8} {'R strict':>8} {'F1 strict':>9} {'P lax':>6} {'R lax':>6} "
          f"{'F1 lax':>6} {'sent/s':>7} {'sent/cpu-s':>10} {'embed s':>8} {'peak MB':>8}")
    for corpus in args.corpora.split(","):
        gold_dir = args.data / corpus / "gold"
        gold = {name: scorer.read(str(gold_dir / name)) for name in sorted(os.listdir(gold_dir))}
        for mode in args.modes.split(","):
            results, seconds, cpu_seconds, embed_seconds, n_src, _n_tgt = run(args.data, corpus, mode, out, options=options)
            pairs = [(gold[name], [(b.src, b.tgt) for b in beads]) for name, beads in results.items()]
            s = scorer.score(pairs)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{corpus:16} {mode:9} {s['p_strict']:8.3f} {s['r_strict']:8.3f} {s['f1_strict']:9.3f} "
                  f"{s['p_lax']:6.3f} {s['r_lax']:6.3f} {s['f1_lax']:6.3f} {n_src / seconds:7.0f} {n_src / cpu_seconds:10.0f} "
                  f"{embed_seconds:8.1f} {peak:8.0f}", flush=True)
            if args.check_scorer:
                with tempfile.TemporaryDirectory() as gold_copy:
                    for name in results:  # score.py reads GOLD_DIR/NAME.align
                        Path(gold_copy, f"{name}.align").write_text((gold_dir / name).read_text(encoding="utf-8"))
                    line = subprocess.run([sys.executable, str(args.data / "score.py"), gold_copy, str(out / corpus / mode)],
                                          capture_output=True, text=True, check=True).stdout.strip()
                print(f"  score.py: {line}")
            if args.per_text:
                print("  per text: " + " ".join(f"{name} {scorer.score([pair])['f1_strict']:.3f}" for name, pair in zip(results, pairs)))
            if args.short:
                count, s = short_text_scores(scorer, args.data, corpus, mode, args.short, options, gold)
                print(f"  {count} short texts of about {args.short} source sentences, each alone: strict P/R/F1 "
                      f"{s['p_strict']:.3f}/{s['r_strict']:.3f}/{s['f1_strict']:.3f}, lax F1 {s['f1_lax']:.3f}", flush=True)
        for system, f1, lax in PUBLISHED.get(corpus, []):
            print(f"{corpus:16} {system:24} strict F1 {f1:.3f}  lax F1 {lax:.3f}  (published)")
        print(f"{corpus:16} {'any monotonic aligner':24} strict recall at most {reachable_recall(list(gold.values())):.3f} "
              "(the share of its paired gold beads that can stand on one path in order)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
