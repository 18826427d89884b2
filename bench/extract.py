"""Measure recto.extract against the hand-annotated evaluation set in tests/data/extract/.

    python bench/extract.py [--speed]

Prints precision and recall for furniture removal (and body characters lost),
re-joined sentences, dates, entities and cross-language links, with the
issue's targets beside them. --speed also times ingest parsing plus extraction.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from recto.extract import extract
from recto.extract.cleanup import FURNITURE_KINDS, SEP
from recto.ingest.archive_text import parse

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "extract"
TARGETS = {
    "furniture": (None, 0.95),
    "rejoins": (None, None),
    "dates": (0.9, 0.9),
    "entities": (0.9, 0.9),
    "links": (None, 1.0),
}


def _pr(pred: Counter, gold: Counter) -> tuple[int, int, int]:
    tp = sum((pred & gold).values())
    return tp, sum(pred.values()), sum(gold.values())


def evaluate() -> dict:
    totals = {k: [0, 0, 0] for k in TARGETS}
    lost = 0
    per_record = {}
    for gold_path in sorted((DATA / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text())
        source = (DATA / gold["record"]).read_text()
        record = parse(source, record_id=gold_path.stem)
        x = extract(record)
        counts = {k: [0, 0, 0] for k in TARGETS}
        gold_links: Counter = Counter()
        pred_links: Counter = Counter()
        for ti, (gt, t) in enumerate(zip(gold["texts"], x.texts)):
            removed = Counter(c.original.strip() for c in t.cleanup.changes if c.kind in FURNITURE_KINDS + ("marginalia",))
            g = Counter(gt["furniture"])
            _add(counts["furniture"], _pr(removed, g))
            wrong = removed - g
            lost += sum(len(s.replace(" ", "")) * n for s, n in wrong.items())
            raw = SEP.join(t.cleanup.raw)
            joins = Counter()
            for c in t.cleanup.changes:
                if c.kind == "rejoin":
                    follow = raw[c.end : c.end + 40]
                    hit = next((r for r in gt["rejoins"] if follow.startswith(r)), follow[:12])
                    joins[hit] += 1
            _add(counts["rejoins"], _pr(joins, Counter(gt["rejoins"])))
            pd = Counter((d.text, d.edtf) for d in t.dates)
            gd = Counter((d["text"], d["edtf"]) for d in gt["dates"])
            _add(counts["dates"], _pr(pd, gd))
            pe = Counter({(m.text, e.type): 1 for e in x.entities for m in e.mentions if m.text_index == ti})
            ge = Counter({(e["text"], e["type"]): 1 for e in gt["entities"]})
            _add(counts["entities"], _pr(pe, ge))
        # cross-language links: every (original name, translation name) pair of one real entity
        if len(gold["texts"]) == 2:
            by_id: dict[str, list[set]] = {}
            for ti, gt in enumerate(gold["texts"]):
                for e in gt["entities"]:
                    by_id.setdefault(e["entity"], [set(), set()])[ti].add(e["text"])
            gold_links = Counter({(a, b): 1 for o, tr in by_id.values() for a in o for b in tr})
            for e in x.entities:
                o = {m.text for m in e.mentions if m.text_index == 0}
                tr = {m.text for m in e.mentions if m.text_index == 1}
                pred_links.update({(a, b): 1 for a in o for b in tr})
            pred_links = Counter({k: 1 for k in pred_links})
            _add(counts["links"], _pr(pred_links, gold_links))
        per_record[gold_path.stem] = counts
        for k in TARGETS:
            _add(totals[k], counts[k])
    return {"totals": totals, "lost": lost, "records": per_record}


def _add(acc: list[int], triple: tuple[int, int, int]) -> None:
    for i, v in enumerate(triple):
        acc[i] += v


def _fmt(v: float | None) -> str:
    return "  -  " if v is None else f"{v:5.2f}"


def main() -> int:
    result = evaluate()
    print(f"{'':12} {'prec':>5} {'recall':>6}   {'target P':>8} {'target R':>8}   (tp/pred/gold)")
    for k, (tp, npred, ngold) in result["totals"].items():
        p = tp / npred if npred else 1.0
        r = tp / ngold if ngold else 1.0
        tp_, tr_ = TARGETS[k]
        print(f"{k:12} {p:5.2f} {r:6.2f}   {_fmt(tp_):>8} {_fmt(tr_):>8}   ({tp}/{npred}/{ngold})")
    print(f"body characters lost to furniture removal: {result['lost']} (target 0)")
    if "-v" in sys.argv:
        for name, counts in result["records"].items():
            print(name, {k: tuple(v) for k, v in counts.items()})
    if "--speed" in sys.argv:
        sources = [(p.stem, p.read_text()) for p in sorted((DATA / "records").glob("*.txt"))]
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < 3:
            for stem, text in sources:
                extract(parse(text, record_id=stem))
                n += 1
        rate = n / (time.perf_counter() - t0)
        print(f"ingest parse + clean-up + extraction: {rate:.0f} records/s (target > 200)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
