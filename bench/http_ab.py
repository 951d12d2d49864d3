"""Two checkouts over HTTP, side by side: the search API's share of the floor in each, paired.

    .venv/bin/python bench/http_ab.py OTHER_CHECKOUT --database-url sqlite:///... \
        --index-dir ... [--engine sqlite] [--rounds 5] [--duration 8] [--path api|page|/s/slug/]

bench/run.py measures one checkout; on a shared machine, two of its runs minutes apart differ
by more than a change worth making (the floor alone moved 3,028 -> 3,606 requests/s between
runs). This starts gunicorn (2 workers) for this checkout and for OTHER_CHECKOUT, on the same
database and index, and measures them in turn, round after round: the floor, then the search
requests (each query made unique, as run.py does; a --path beginning with "/" is fetched as
it is, e.g. a scenario page), in each. Only one server is loaded at a time.
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


def measure(base: str, paths: list[str], duration: int, unique: bool) -> tuple[float, float]:
    """Requests per second of the floor and of the paths (with `unique`, each made unique)."""
    floor = load.wrk(base, load.lua_paths(["/bench/floor"], False), duration)
    return floor["rps"], load.wrk(base, load.lua_paths(paths, unique), duration)["rps"]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("other", help="The other checkout (e.g. a git worktree of main)")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--index-dir", required=True)
    parser.add_argument("--engine", choices=["auto", "whoosh", "sqlite"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=8, help="Seconds per wrk run.")
    parser.add_argument("--path", default="api", help="api, page, or a path such as /s/slug/")
    args = parser.parse_args()
    if args.path not in PREFIX and not args.path.startswith("/"):
        parser.error("--path: api, page, or a path beginning with /")
    if not load.have_wrk():
        parser.error("wrk is not installed (apt-get install -y wrk)")
    env, _ = bench_env(args)
    queries = [urllib.parse.quote_plus(q) for q in make_queries()[:50]]
    searching = args.path in PREFIX
    paths = [PREFIX[args.path] + q for q in queries] if searching else [args.path]
    roots = {"this": ROOT, "other": Path(args.other).resolve()}
    shares: dict[str, list[float]] = {name: [] for name in roots}
    with ExitStack() as stack:
        bases = {
            name: stack.enter_context(load.gunicorn(env, root=root))[0]
            for name, root in roots.items()
        }
        for base in bases.values():
            # Every worker has met every query, as run.py warms its repeated queries: a
            # worker's first searches decode their candidates.
            load.warm(base, ["/bench/floor", *paths])
        for round_number in range(1, args.rounds + 1):
            line = []
            for name, base in bases.items():
                floor, searched = measure(base, paths, args.duration, unique=searching)
                shares[name].append(100 * searched / floor)
                line.append(f"{name} {searched:,.0f} / {floor:,.0f} = {shares[name][-1]:.1f}%")
            print(f"round {round_number}: " + "; ".join(line), flush=True)
    medians = {name: statistics.median(values) for name, values in shares.items()}
    print(
        f"{args.path} share of the floor, median of {args.rounds} rounds: "
        + "; ".join(f"{name} {value:.1f}% ({roots[name]})" for name, value in medians.items())
    )
    print(f"this / other: {medians['this'] / medians['other']:.3f}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
