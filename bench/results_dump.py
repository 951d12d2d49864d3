"""Dump what search() answers for the generated queries and the dev set, to compare two commits.

    DATABASE_URL=... KB_INDEX_DIR=... .venv/bin/python bench/results_dump.py OUT.json
    # in a checkout of the other commit, with its own KB_INDEX_DIR:
    .venv/bin/python bench/results_dump.py OTHER.json
    .venv/bin/python bench/results_dump.py --compare OUT.json OTHER.json

Per query: the top 10 slugs with their scores (9 decimals), the total and the system facet
counts. --compare prints how many queries differ and the first few.
"""

import argparse
import json
import os
import sys
from pathlib import Path

from support import ROOT, setup_django

DEV = os.environ.get("KB_DEV_QUERIES", str(ROOT / "tests" / "data" / "dev_queries.tsv"))


def dump(out: str) -> None:
    setup_django()
    from queries import make_queries

    from kb.search import search
    from kb.search.evaluation import read_queries

    queries = make_queries() + [text for text, _ in read_queries(DEV)]
    answers = {}
    for text in queries:
        response = search(text, limit=10)
        answers[text] = {
            "results": [[hit.slug, round(hit.score, 9)] for hit in response.results],
            "total": response.total,
            "systems": sorted((f.value, f.count) for f in response.facets["systems"]),
        }
    Path(out).write_text(json.dumps(answers, indent=1))
    print(f"{len(answers)} queries -> {out}")


def compare(first: str, second: str) -> int:
    a, b = (json.loads(Path(p).read_text()) for p in (first, second))
    differ = [q for q in a if a[q] != b.get(q)]
    print(f"{len(a)} queries, {len(differ)} differ")
    for q in differ[:5]:
        print(f"  {q!r}\n    {a[q]}\n    {b.get(q)}")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", nargs="?", help="the JSON file to write")
    parser.add_argument("--compare", nargs=2, metavar=("FIRST", "SECOND"), help="two dumps")
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    if not args.out:
        parser.error("name the file to write, or --compare FIRST SECOND")
    dump(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
