"""top1 of the dev and held-out sets under variations of the ranking constants, in one process.

    DATABASE_URL=... KB_INDEX_DIR=... .venv/bin/python bench/ranking_sweep.py \
        'BM25_B=0.3' 'COVERAGE_POWER=3' 'TEXT_FIELDS.title=4' 'BM25_B=0.3,BM25_K1=2' ...

Each argument is one variation (comma-separated NAME=VALUE settings of kb.search.query, else
of the SQLite engine (PHRASE_SHARE=0.25), or, with a dot, of a dict in kb.search.schema); the
first line is the code as it stands. Runs plan() and run() directly, so nothing is cached
between variations. KB_PREFER=slug,slug searches as a visitor with those products. Under each
variation's line, every query it gains (+) or loses (-) against the code as it stands.
"""

import copy
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")

import django  # noqa: E402

django.setup()

from kb.search import query as q  # noqa: E402
from kb.search import reader, schema  # noqa: E402
from kb.search.engines import sqlite_engine  # noqa: E402
from kb.search.evaluation import read_queries  # noqa: E402

SETS = [
    os.environ.get("KB_DEV_QUERIES", str(ROOT / "tests/data/dev_queries.tsv")),
    str(ROOT / "tests/data/heldout_queries.tsv"),
    str(ROOT / "tests/data/heldout2_queries.tsv"),
    str(ROOT / "tests/data/heldout3_queries.tsv"),
]


PREFER = tuple(filter(None, os.environ.get("KB_PREFER", "").split(",")))


def hits(searcher, queries) -> list[bool]:
    """Per query: is its first result one it accepts?"""
    out = []
    for text, accepted in queries:
        p = q.plan(searcher, text)
        ranked, _, _ = q.run(searcher, p, limit=5, prefer=PREFER)
        out.append(bool(ranked) and ranked[0].fields["slug"] in accepted)
    return out


def apply(variation):
    for setting in filter(None, variation.split(",")):
        name, value = setting.split("=")
        value = float(value)
        if "." in name:
            table, key = name.split(".")
            getattr(schema, table)[key] = value  # query.py holds the same dict objects
        else:
            target = q if hasattr(q, name) else sqlite_engine
            setattr(target, name, int(value) if isinstance(getattr(target, name), int) else value)


def main():
    searcher = reader.searcher()
    sets = [read_queries(path) for path in SETS]
    saved_q = {k: getattr(q, k) for k in dir(q) if k.isupper()}
    saved_e = {k: getattr(sqlite_engine, k) for k in dir(sqlite_engine) if k.isupper()}
    saved_s = {k: copy.deepcopy(getattr(schema, k)) for k in dir(schema) if k.isupper()}
    for variation in ["(as is)"] + sys.argv[1:]:
        for k, v in saved_q.items():
            setattr(q, k, v)
        for k, v in saved_e.items():
            setattr(sqlite_engine, k, v)
        for k, v in saved_s.items():
            target = getattr(schema, k)
            if isinstance(target, dict):
                target.clear()
                target.update(v)
        if variation != "(as is)":
            apply(variation)
        found = [hits(searcher, qs) for qs in sets]
        figures = " ".join(f"{sum(h) / len(h):.3f}" for h in found)
        print(f"{figures}  {variation}", flush=True)
        if variation == "(as is)":
            as_is = found
            continue
        for path, qs, before, now in zip(SETS, sets, as_is, found, strict=True):
            for (text, _), was, is_ in zip(qs, before, now, strict=True):
                if was != is_:
                    print(f"    {'+' if is_ else '-'} {Path(path).name}: {text}")


if __name__ == "__main__":
    main()
