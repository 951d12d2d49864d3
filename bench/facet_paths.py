"""Facet counting on the SQLite engine, both ways, over the generated queries with more than
FACET_CAP matches: one pass over the matches (a join per match) against an FTS count for the
total and for each system (the articles over the newest FACET_CAP). What FACET_SCAN_MAX is
chosen from.

    DATABASE_URL=... KB_SEARCH_ENGINE=sqlite KB_INDEX_DIR=... .venv/bin/python bench/facet_paths.py

Prints, per band of match counts, the median and slowest time of each way (the best of 3 runs
per query), and checks that both give the same total and system counts.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")

import django  # noqa: E402

django.setup()

from queries import make_queries  # noqa: E402

from kb.search import plan, reader  # noqa: E402
from kb.search.engines import sqlite_engine  # noqa: E402

BANDS = [(2000, 4000), (4000, 8000), (8000, 16000), (16000, 32000), (32000, None)]


def timed(snap, alternatives, scan_max: int):
    sqlite_engine.FACET_SCAN_MAX = scan_max
    best, answer = None, None
    for _ in range(3):
        started = time.perf_counter()
        answer = snap.facets(alternatives)
        elapsed = (time.perf_counter() - started) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return best, answer


def main() -> None:
    snap = reader.searcher()
    if not isinstance(snap, sqlite_engine.Snapshot):
        raise SystemExit("set KB_SEARCH_ENGINE=sqlite: this compares the SQLite engine's paths")
    chosen, rows, seen = sqlite_engine.FACET_SCAN_MAX, [], set()
    for text in make_queries():
        live = [c for c in plan.plan(snap, text).concepts if c.known]
        alternatives = [c.alternatives for c in live]
        expression = sqlite_engine.match_expression(alternatives)
        if not live or expression in seen:
            continue
        seen.add(expression)
        total = snap._rows("SELECT count(*) FROM fts WHERE fts MATCH ?", expression)[0][0]
        if total <= sqlite_engine.FACET_CAP:
            continue
        per_system, a = timed(snap, alternatives, sqlite_engine.FACET_CAP)
        one_pass, b = timed(snap, alternatives, 10**12)
        if a[0] != b[0] or a[1]["systems"] != b[1]["systems"]:
            raise SystemExit(f"the two ways disagree on {text!r}")
        rows.append((total, per_system, one_pass))
    sqlite_engine.FACET_SCAN_MAX = chosen
    print(f"{snap.doc_count()} documents; {len(rows)} distinct queries with more than "
          f"{sqlite_engine.FACET_CAP} matches; FACET_SCAN_MAX is {chosen}")  # fmt: skip
    print("| matches | queries | per system: median / slowest ms | one pass: median / slowest ms |")
    print("|---|---:|---|---|")
    for low, high in BANDS:
        band = [r for r in rows if r[0] > low and (high is None or r[0] <= high)]
        if band:
            per_system = [r[1] for r in band]
            one_pass = [r[2] for r in band]
            print(f"| {low:,}-{high:,} " if high else f"| over {low:,} ", end="")
            print(f"| {len(band)} | {statistics.median(per_system):.1f} / {max(per_system):.1f} "
                  f"| {statistics.median(one_pass):.1f} / {max(one_pass):.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
