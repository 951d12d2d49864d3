"""Latency and quality of the SQLite engine's bounds, in one process, on an existing database.

    DATABASE_URL=... KB_INDEX_DIR=... KB_SEARCH_ENGINE=sqlite \
        .venv/bin/python bench/engine_sweep.py 2000,2000,60 1000,500,60 2000,2000,30

Each argument is SCORE_CAP,FACET_CAP,CANDIDATES. For each it prints the p50 / p95 ms of the
500 generated queries (two passes, the results cache emptied) and top1 on the dev set and the
two held-out sets.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")

import django  # noqa: E402

django.setup()

import kb.search as kb_search  # noqa: E402
from kb.search import reader, search, tuning  # noqa: E402
from kb.search.engines import sqlite_engine  # noqa: E402
from kb.search.evaluation import evaluate, read_queries  # noqa: E402
from queries import make_queries  # noqa: E402

SETS = [
    os.environ.get("KB_DEV_QUERIES", str(ROOT / "tests" / "data" / "dev_queries.tsv")),
    str(ROOT / "tests" / "data" / "heldout_queries.tsv"),
    str(ROOT / "tests" / "data" / "heldout2_queries.tsv"),
]


def passes(queries, runs=2):
    figures = []
    for _ in range(runs):
        reader.reset()
        kb_search._cache.clear()
        search("warm up")
        times = []
        for text in queries:
            started = time.perf_counter()
            search(text)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        figures.append((times[len(times) // 2], times[int(len(times) * 0.95)]))
    return figures


def main():
    queries = make_queries()
    for arg in sys.argv[1:]:
        score_cap, facet_cap, candidates = (int(x) for x in arg.split(","))
        # A fixed cap, whatever the index's size (the engine's own scales with it).
        tuning.SCORE_CAP = tuning.SCORE_CAP_MAX = score_cap
        sqlite_engine.FACET_CAP = facet_cap
        tuning.CANDIDATES = candidates
        timing = passes(queries)
        top1 = []
        for path in SETS:
            kb_search._cache.clear()
            top1.append(f"{evaluate(read_queries(path)).top1:.3f}")
        runs = ", ".join(f"{p50:.1f} / {p95:.1f}" for p50, p95 in timing)
        print(f"caps {arg}: p50 / p95 ms {runs}; top1 dev / held-out / held-out 2 {top1}")


if __name__ == "__main__":
    main()
