"""1,000 generated hostile queries through every search route: print counts by status.

    .venv/bin/python bench/hostile_search.py                       # SQLite
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/hostile_search.py
    .venv/bin/python bench/hostile_search.py --queries 200 --seed 7

Runs in a throwaway test database (test_<NAME>) with the seed content and a fresh index in a
temporary directory, through Django's test client (the whole middleware stack). The queries
come from tests/security/hostile_queries.py (quotes, field prefixes, wildcards, boolean words,
control characters, RTL text, emoji, pastes up to 10 KB). Exit status 1 on any server error.
"""

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("KB_INDEX_DIR", tempfile.mkdtemp(prefix="kb-hostile-index-"))


def generate(count: int, seed_value: int) -> list[str]:
    from hypothesis import HealthCheck, given, seed, settings

    from tests.security.hostile_queries import hostile_query

    queries = []

    @seed(seed_value)
    @settings(max_examples=count, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(hostile_query)
    def collect(q):
        queries.append(q)

    collect()
    return queries[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from throwaway import seeded_database

    queries = generate(args.queries, args.seed)
    with seeded_database(index=True):
        from django.test import Client

        from tests.security.hostile_queries import search_requests

        client = Client(raise_request_exception=False)
        by_route: dict[str, Counter] = {}
        failures = []
        started = time.monotonic()
        for q in queries:
            for route, url, extra in search_requests(q):
                status = client.get(url, **extra).status_code
                by_route.setdefault(route, Counter())[status] += 1
                if status >= 500:
                    failures.append((route, q[:120]))
        seconds = time.monotonic() - started

    lengths = sorted(len(q) for q in queries)
    requests = sum(sum(c.values()) for c in by_route.values())
    print(f"queries={len(queries)} longest={lengths[-1]} chars "
          f"over_1kb={sum(n > 1024 for n in lengths)} requests={requests} in {seconds:.1f} s")
    for route, counts in by_route.items():
        print(f"  {route:<13} " + " ".join(f"{s}:{n}" for s, n in sorted(counts.items())))
    print(f"server_errors={len(failures)}")
    for route, q in failures[:20]:
        print(f"  500 on {route}: {q!r}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
