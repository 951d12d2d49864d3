"""Two checkouts over HTTP, side by side: a page's share of the floor in each, paired.

    .venv/bin/python bench/http_ab.py [OTHER_CHECKOUT] --database-url sqlite:///... \
        --index-dir ... [--engine auto] [--rounds 5] [--duration 8] \
        [--path api|page|/s/slug/ | --pages]

bench/run.py measures one checkout; on a shared machine, two of its runs minutes apart differ
by more than a change worth making (the floor alone moved 3,028 -> 3,606 requests/s between
runs). This starts gunicorn (2 workers) for this checkout and for OTHER_CHECKOUT, on the same
database and index, and measures them in turn, round after round: the floor, then the search
requests (each query made unique, as run.py does; a --path beginning with "/" is fetched as
it is, e.g. a scenario page), in each. Only one server is loaded at a time.

--pages measures every public page in each round instead (home, the search page with a query,
the largest seed scenario page, an article page, /articles/ and the search API), the floor
before and after them (its mean is the round's floor): one run gives every page's share.
Without OTHER_CHECKOUT only this checkout is measured.

Prints each round's shares and their medians. OTHER_CHECKOUT needs its own .venv (a symlink to
this one's will do) and its static files collected, and both commits must read the index as it
is: a commit with another index format (sqlite_engine.FORMAT) would rebuild it under the other.
"""

import argparse
import os
import statistics
import urllib.parse
from contextlib import ExitStack
from pathlib import Path

import load
from queries import make_queries
from support import ROOT, bench_env

PREFIX = {"api": "/api/search?q=", "page": "/search?q="}
# Every public page, by what --pages prints: "api" and "page" are searches with unique queries.
PUBLIC_PAGES = {
    "home": "/",
    "search page": "page",
    "scenario": "/s/matter-not-synced-pm/",
    "article": "/articles/legal-accounting-integration/",
    "articles": "/articles/",
    "search API": "api",
}


def requests_of(path: str, queries: list[str]) -> tuple[list[str], bool]:
    """The paths wrk fetches for `path` (api, page or a path), and whether each is made unique."""
    if path in PREFIX:
        return [PREFIX[path] + q for q in queries], True
    return [path], False


def measure(base: str, paths: list[str], duration: int, unique: bool) -> tuple[float, float]:
    """Requests per second of the floor and of the paths (with `unique`, each made unique)."""
    floor = load.wrk(base, load.lua_paths(["/bench/floor"], False), duration)
    return floor["rps"], load.wrk(base, load.lua_paths(paths, unique), duration)["rps"]


def measure_pages(base: str, pages: dict, duration: int) -> dict[str, float]:
    """Each page's share of the floor (%), the floor measured before and after the pages."""
    floor = [load.wrk(base, load.lua_paths(["/bench/floor"], False), duration)["rps"]]
    rps = {
        name: load.wrk(base, load.lua_paths(*spec), duration)["rps"]
        for name, spec in pages.items()
    }
    floor.append(load.wrk(base, load.lua_paths(["/bench/floor"], False), duration)["rps"])
    mean = statistics.mean(floor)
    return {"floor": mean, **{name: 100 * value / mean for name, value in rps.items()}}


def run_pages(bases: dict, roots: dict, args, queries: list[str]) -> None:
    pages = {name: requests_of(path, queries) for name, path in PUBLIC_PAGES.items()}
    shares = {name: {page: [] for page in PUBLIC_PAGES} for name in bases}
    for round_number in range(1, args.rounds + 1):
        for name, base in bases.items():
            result = measure_pages(base, pages, args.duration)
            for page in PUBLIC_PAGES:
                shares[name][page].append(result[page])
            cells = ", ".join(f"{page} {result[page]:.1f}%" for page in PUBLIC_PAGES)
            print(f"round {round_number} {name} (floor {result['floor']:,.0f}/s): {cells}",
                  flush=True)  # fmt: skip
    print(f"\nshare of the floor, median of {args.rounds} rounds:")
    print("| page | " + " | ".join(f"{name} ({roots[name]})" for name in bases) + " |")
    print("|---|" + "---|" * len(bases))
    for page in PUBLIC_PAGES:
        medians = [statistics.median(shares[name][page]) for name in bases]
        print(f"| {page} | " + " | ".join(f"{m:.1f}%" for m in medians) + " |")


def run_one_path(bases: dict, roots: dict, args, queries: list[str]) -> None:
    paths, unique = requests_of(args.path, queries)
    shares: dict[str, list[float]] = {name: [] for name in bases}
    for round_number in range(1, args.rounds + 1):
        line = []
        for name, base in bases.items():
            floor, searched = measure(base, paths, args.duration, unique=unique)
            shares[name].append(100 * searched / floor)
            line.append(f"{name} {searched:,.0f} / {floor:,.0f} = {shares[name][-1]:.1f}%")
        print(f"round {round_number}: " + "; ".join(line), flush=True)
    medians = {name: statistics.median(values) for name, values in shares.items()}
    print(
        f"{args.path} share of the floor, median of {args.rounds} rounds: "
        + "; ".join(f"{name} {value:.1f}% ({roots[name]})" for name, value in medians.items())
    )
    if "other" in medians:
        print(f"this / other: {medians['this'] / medians['other']:.3f}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("other", nargs="?", help="The other checkout (e.g. a clone of main)")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--index-dir", required=True)
    parser.add_argument("--engine", choices=["auto", "whoosh", "sqlite"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=8, help="Seconds per wrk run.")
    parser.add_argument("--path", default="api", help="api, page, or a path such as /s/slug/")
    parser.add_argument("--pages", action="store_true", help="Every public page (see above).")
    args = parser.parse_args()
    if args.path not in PREFIX and not args.path.startswith("/"):
        parser.error("--path: api, page, or a path beginning with /")
    if not load.have_wrk():
        parser.error("wrk is not installed (apt-get install -y wrk)")
    env, _ = bench_env(args)
    queries = [urllib.parse.quote_plus(q) for q in make_queries()[:50]]
    roots = {"this": ROOT}
    if args.other:
        roots["other"] = Path(args.other).resolve()
    with ExitStack() as stack:
        bases = {
            name: stack.enter_context(load.gunicorn(env, root=root))[0]
            for name, root in roots.items()
        }
        warmed = ["/bench/floor", *requests_of(args.path, queries)[0]]
        if args.pages:
            warmed += [p for path in PUBLIC_PAGES.values() for p in requests_of(path, queries)[0]]
        for base in bases.values():
            # Every worker has met every query, as run.py warms its repeated queries: a
            # worker's first searches decode their candidates.
            load.warm(base, warmed)
        (run_pages if args.pages else run_one_path)(bases, roots, args, queries)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
