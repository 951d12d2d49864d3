"""top1 of the dev and held-out sets under variations of the ranking constants, in one process.

    DATABASE_URL=... KB_INDEX_DIR=... .venv/bin/python bench/ranking_sweep.py \
        'BM25_B=0.3' 'COVERAGE_POWER=3' 'TEXT_FIELDS.title=4' 'BM25_B=0.3,BM25_K1=2' ...

Each argument is one variation (comma-separated NAME=VALUE settings of kb.search.tuning,
or, with a dot, of one of its dicts: TEXT_FIELDS.title=4); the first line is the code as it
stands. A tool about the ranking itself: it runs the search package's plan() and run()
directly, past its public interface, so nothing is cached between variations. KB_PREFER=slug,
slug searches as a visitor with those products. Under each variation's line, every query it
gains (+) or loses (-) against the code as it stands.
"""

import argparse
import copy
import os
from pathlib import Path

from support import ROOT, setup_django

SETS = [
    os.environ.get("KB_DEV_QUERIES", str(ROOT / "tests/data/dev_queries.tsv")),
    str(ROOT / "tests/data/heldout_queries.tsv"),
    str(ROOT / "tests/data/heldout2_queries.tsv"),
    str(ROOT / "tests/data/heldout3_queries.tsv"),
]


PREFER = tuple(filter(None, os.environ.get("KB_PREFER", "").split(",")))


def hits(searcher, queries) -> list[bool]:
    """Per query: is its first result one it accepts?"""
    from kb.search import plan, ranking

    out = []
    for text, accepted in queries:
        p = plan.plan(searcher, text)
        ranked, _, _ = ranking.run(searcher, p, limit=5, prefer=PREFER)
        out.append(bool(ranked) and ranked[0].fields["slug"] in accepted)
    return out


def apply(tuning, variation):
    for setting in filter(None, variation.split(",")):
        name, value = setting.split("=")
        value = float(value)
        if "." in name:
            table, key = name.split(".")
            getattr(tuning, table)[key] = value  # the modules hold the same dict objects
        else:
            setattr(tuning, name, int(value) if isinstance(getattr(tuning, name), int) else value)


def restore(tuning, saved):
    for k, v in saved.items():
        target = getattr(tuning, k)
        if isinstance(target, dict):
            target.clear()  # in place: the modules hold the same dict objects
            target.update(v)
        else:
            setattr(tuning, k, v)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("variations", nargs="*", help="e.g. BM25_B=0.3,BM25_K1=2")
    args = parser.parse_args()
    setup_django()
    from kb.search import reader, tuning
    from kb.search.evaluation import read_queries

    searcher = reader.searcher()
    sets = [read_queries(path) for path in SETS]
    saved = {k: copy.deepcopy(getattr(tuning, k)) for k in dir(tuning) if k.isupper()}
    for variation in ["(as is)"] + args.variations:
        restore(tuning, saved)
        if variation != "(as is)":
            apply(tuning, variation)
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
