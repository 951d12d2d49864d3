"""Why the right scenario loses: each miss of a query set, with the top candidates' scores.

    DATABASE_URL=... KB_INDEX_DIR=... .venv/bin/python bench/ranking_misses.py FILE [--top 3]

For every query whose first result is not an accepted slug it prints the top candidates and the
best accepted one (or "not among the candidates": retrieval, not ranking, lost it), each with
its score, coverage and, per query concept, the fields it was found in. With --prefer, an
accepted scenario ranked "among candidates" is placed by scores before the products' boost.
A tool about the ranking itself: it reads the search package's plan, scores and candidates,
past its public interface.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")

import django  # noqa: E402

django.setup()

from kb.search import (  # noqa: E402
    plan,
    ranking,
    reader,  # noqa: E402
    scoring,
    tuning,
)
from kb.search.evaluation import read_queries  # noqa: E402
from kb.search.tuning import FIELD_COVERAGE  # noqa: E402
from kb.visitor.products import parse_products  # noqa: E402


def explain(p, live, weights, fields):
    """Per concept: (word, idf weight, field score, fields it was found in)."""
    out = []
    for concept, weight in zip(live, weights, strict=True):
        s, _presence = scoring._field_score(fields, concept)
        found = [
            name
            for name in FIELD_COVERAGE
            if any(all(t in fields.get(name, []) for t in alt) for alt, _ in concept.alternatives)
        ]
        out.append(f"{concept.word}[{weight:.1f}] {s:.2f} {'/'.join(found) or '-'}")
    return "; ".join(out)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--limit", type=int, default=5, help="the limit kb_eval searches with")
    parser.add_argument("--all", action="store_true", help="explain hits too")
    parser.add_argument("--quiet", action="store_true", help="only the summary line")
    parser.add_argument(
        "--prefer", default="", help="comma-separated system slugs: the searcher's products"
    )
    parser.add_argument(
        "--candidates", type=int, help="rerank this many candidates (tuning.CANDIDATES)"
    )
    parser.add_argument(
        "--run-limit",
        type=int,
        help="search with this limit and keep the first --limit: looser matches then join "
        "whenever the conjunction finds fewer than this many (an experiment on retrieval)",
    )
    return parser


def _print_top(p, ranked, accepted, live, weights, top):
    for rank, r in enumerate(ranked[:top], 1):
        fields = {n: s.split() for n, s in r.fields["terms"].items()}
        mark = "*" if r.fields["slug"] in accepted else " "
        print(f"  {mark}{rank} {r.score:7.3f} {r.fields['slug']}: {r.fields['display']['title']}")
        print(f"        {explain(p, live, weights, fields)}")


def _print_accepted(slug, p, ranked, everything, live, weights, stored, original):
    """Where the best accepted scenario stands: in the list, among the scored candidates, or
    outside them (with the score it would have had)."""
    slugs = [r.fields["slug"] for r in ranked]
    if slug in slugs:
        r = ranked[slugs.index(slug)]
        fields = {n: s.split() for n, s in r.fields["terms"].items()}
        print(f"  *{slugs.index(slug) + 1} {r.score:7.3f} {slug}")
        print(f"        {explain(p, live, weights, fields)}")
        return
    # Beyond the returned list: find it among the scored candidates.
    doc = stored().get(slug)
    # As the rerank decodes them (doc_cache._prepared): tuples, which never equal lists.
    terms = {n: tuple(v.split()) for n, v in doc["terms"].items()} if doc else None
    found = next(((i, score, f) for i, (score, f) in enumerate(everything, 1) if f == terms), None)
    if found:
        i, score, f = found
        print(f"  *{i} {score:7.3f} {slug} (rank among candidates)")
        print(f"        {explain(p, live, weights, f)}")
    elif terms:
        would = original(p, live, weights, terms)
        rank = 1 + sum(score > would for score, _ in everything)
        print(f"  * {slug}: not among the candidates; would rank {rank} at {would:.3f}")
        print(f"        {explain(p, live, weights, terms)}")
    else:
        print(f"  * {slug}: not in the index")


def main():
    args = _parser().parse_args()
    searcher = reader.searcher()
    scored = []
    original = ranking.rerank_score

    def recording(p, live, weights, fields, terms=None, shares=None):
        score = original(p, live, weights, fields, terms, shares)
        scored.append((score, fields, live, weights))
        return score

    ranking.rerank_score = recording
    if args.candidates:
        tuning.CANDIDATES = args.candidates
    started = time.perf_counter()
    misses = 0
    by_stored_slug = {}

    def stored():
        if not by_stored_slug:
            by_stored_slug.update((d["slug"], d) for d in searcher.all_stored())
        return by_stored_slug

    queries = read_queries(args.file)
    prefer = parse_products(args.prefer.split(","))
    for text, accepted in queries:
        scored.clear()
        p = plan.plan(searcher, text)
        limit = args.run_limit or args.limit
        ranked, total, _ = ranking.run(searcher, p, limit=limit, prefer=prefer)
        ranked = ranked[: args.limit]
        slugs = [r.fields["slug"] for r in ranked]
        hit = bool(slugs) and slugs[0] in accepted
        misses += not hit
        if args.quiet or (hit and not args.all):
            continue
        everything = sorted(
            ((score, f) for score, f, _, _ in scored), key=lambda x: (-x[0], id(x[1]))
        )
        print(f"{'HIT ' if hit else 'MISS'} {text!r} (total {total}, {len(scored)} candidates)")
        live = scored[0][2] if scored else []
        weights = scored[0][3] if scored else []
        _print_top(p, ranked, accepted, live, weights, args.top)
        for slug in [s for s in accepted if s not in slugs[:1]][:1]:
            _print_accepted(slug, p, ranked, everything, live, weights, stored, original)
    n = len(queries)
    elapsed = (time.perf_counter() - started) / n * 1000
    print(f"n={n} top1={(n - misses) / n:.3f} ({elapsed:.1f} ms per query, plan and rank)")


if __name__ == "__main__":
    main()
