"""Profile search() over the generated queries: where the time goes, by function.

    DATABASE_URL=... KB_INDEX_DIR=... .venv/bin/python bench/profile_search.py [--queries 100]
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")

import django  # noqa: E402

django.setup()

from queries import make_queries  # noqa: E402

from kb.search import search  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    queries = make_queries()[: args.queries]
    search(queries[0])
    slowest = []
    profile = cProfile.Profile()
    for query in queries:
        started = time.perf_counter()
        profile.enable()
        response = search(query, limit=10)
        profile.disable()
        slowest.append(((time.perf_counter() - started) * 1000, query, response.total))
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
    for ms, query, total in sorted(slowest, reverse=True)[:15]:
        print(f"{ms:8.1f} ms  {total:6d} matches  {query}")


if __name__ == "__main__":
    main()
