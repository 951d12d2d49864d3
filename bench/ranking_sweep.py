"""top1 of the dev and held-out sets under variations of the ranking constants, in one process.

    DATABASE_URL=... KB_INDEX_DIR=... .venv/bin/python bench/ranking_sweep.py \
        'BM25_B=0.3' 'COVERAGE_POWER=3' 'TEXT_FIELDS.title=4' 'BM25_B=0.3,BM25_K1=2' ...

Each argument is one variation (comma-separated NAME=VALUE settings of kb.search.tuning,
or, with a dot, of one of its dicts: TEXT_FIELDS.title=4); the first line is the code as it stands. Runs plan() and run() directly, so nothing is cached
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

from kb.search import plan, ranking, reader, tuning  # noqa: E402
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
        p = plan.plan(searcher, text)
        ranked, _, _ = ranking.run(searcher, p, limit=5, prefer=PREFER)
        out.append(bool(ranked) and ranked[0].fields["slug"] in accepted)
    return out


def apply(variation):
    for setting in filter(None, variation.split(",")):
        name, value = setting.split("=")
        value = float(value)
        if "." in name:
            table, key = name.split(".")
            getattr(tuning, table)[key] = value  # the modules hold the same dict objects
        else:
            setattr(tuning, name, int(value) if isinstance(getattr(tuning, name), int) else value)


def main():
    searcher = reader.searcher()
    sets = [read_queries(path) for path in SETS]
    saved = {k: copy.deepcopy(getattr(tuning, k)) for k in dir(tuning) if k.isupper()}
    for variation in ["(as is)"] + sys.argv[1:]:
        for k, v in saved.items():
            target = getattr(tuning, k)
            if isinstance(target, dict):
                target.clear()  # in place: the modules hold the same dict objects
                target.update(v)
            else:
                setattr(tuning, k, v)
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
