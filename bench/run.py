"""The benchmark: how search and pages cost grow with the content. Run by hand, never in tests.

    .venv/bin/python bench/run.py [--sizes 0,1000,10000,100000] [--repeat 2]
                                  [--engine auto|whoosh|sqlite] [--write]

For each size it adds synthetic scenarios (kb_synth, seed 1) to a database and index of its own
(default: var/bench/bench.sqlite3 and var/bench/index, recreated; or --database-url), rebuilds
the index, and measures in-process search, edits, the dev set and, under gunicorn with wrk, the
HTTP endpoints next to the trivial floor view. Every figure is taken --repeat times (at least
twice) and the median quoted. --write puts the tables in BENCHMARKS.md.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import urllib.parse

import load
import report
from queries import make_queries
from support import PY, ROOT, bench_env, machine, manage

SEED_SCENARIO = "contact-not-synced-pm"


def inproc(env, task, *args):
    out = subprocess.run(
        [PY, str(ROOT / "bench" / "inproc.py"), task, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise RuntimeError(f"inproc {task} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare(env, bench_dir, args):
    if not args.database_url:
        shutil.rmtree(bench_dir, ignore_errors=True)
    bench_dir.mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "kb_load_content")
    manage(env, "kb_synth", "--remove")
    manage(env, "collectstatic", "--noinput", "-v0")


def endpoints(base, queries, vote_path, vote_body):
    encoded = [urllib.parse.quote_plus(q) for q in queries[:50]]
    specs = {
        "floor": ("GET", ["/bench/floor"], False),
        "search API": ("GET", [f"/api/search?q={q}" for q in encoded], True),
        # The same 50 queries as they are: after a worker's first time, its results cache
        # answers, so this is the request path around search (people repeat a few symptoms).
        "search API, repeated queries": ("GET", [f"/api/search?q={q}" for q in encoded], False),
        "search page": ("GET", [f"/search?q={q}" for q in encoded], True),
        "scenario page": ("GET", [f"/s/{SEED_SCENARIO}/"], False),
        "vote POST": ("POST", vote_path, vote_body, f"/s/{SEED_SCENARIO}/"),
    }
    missing = {}
    for name, spec in list(specs.items()):
        path = spec[1][0] if spec[0] == "GET" else spec[1]
        status = load.fetch(base + path, data=b"" if spec[0] == "POST" else None)[0]
        if status == 404 or (spec[0] == "GET" and status >= 400):
            missing[name] = f"HTTP {status} for {path}"
            del specs[name]
    return specs, missing


def http_figures(env, args, queries):
    result = {}
    with load.gunicorn(env) as (base, master):
        specs, missing = endpoints(base, queries, args.vote_path, args.vote_body)
        result["missing"] = missing
        result["wrk"] = load.run_endpoints(base, specs, args.duration, args.repeat)
        result["worker_rss_mb"] = load.worker_rss_mb(master)
        results_page = f"/search?q={urllib.parse.quote_plus('contact not syncing')}"
        pages = {"home": "/", "results": results_page, "scenario": f"/s/{SEED_SCENARIO}/"}
        result["pages"] = {name: load.page_weight(base, path) for name, path in pages.items()}
        if "search API" in specs:
            result["edit_via_api"] = inproc(
                env, "edit-poll", "--url", f"{base}/api/search", "--edits", str(args.edits),
                "--repeat", str(args.repeat),
            )  # fmt: skip
    return result


def measure_size(env, size, args, queries):
    print(f"== {size} synthetic scenarios", flush=True)
    info = inproc(env, "info")
    add = size - info["synthetic"]
    if add > 0:
        manage(env, "kb_synth", "--scenarios", str(add), "--seed", "1")
    figures = {"size": size, "info": inproc(env, "info")}
    steps = [
        ("rebuild", ["--repeat", str(args.repeat)]),
        ("latency", ["--repeat", str(args.repeat), "--budget", str(args.budget)]),
        ("incremental", ["--repeat", str(args.repeat), "--edits", str(args.edits)]),
        ("devset", ["--dev", args.dev]),
    ]
    for task, task_args in steps:
        if task in args.skip:
            continue
        figures[task] = inproc(env, task, *task_args)
        print(f"   {task}: {report.brief(task, figures[task])}", flush=True)
        if task == "rebuild":  # the engine that built it (auto chooses by size)
            figures["info"]["engine"] = inproc(env, "info")["engine"]
    if args.http and load.have_wrk():
        figures["http"] = http_figures(env, args, queries)
        print(f"   http: {report.brief('http', figures['http'])}", flush=True)
    return figures


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="0,1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10, help="Seconds per wrk run.")
    parser.add_argument("--budget", type=float, default=300, help="Seconds per latency run.")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--database-url", default="", help="Default: var/bench/bench.sqlite3")
    parser.add_argument("--dev", default=os.environ.get(
        "KB_DEV_QUERIES", str(ROOT / "tests" / "data" / "dev_queries.tsv")))  # fmt: skip
    parser.add_argument("--vote-path", default="/feedback/vote/")
    parser.add_argument("--vote-body", default="helpful=yes")
    parser.add_argument("--no-http", dest="http", action="store_false")
    parser.add_argument("--index-dir", default="", help="Default: var/bench/index")
    parser.add_argument(
        "--engine",
        choices=["auto", "whoosh", "sqlite"],
        default=os.environ.get("KB_SEARCH_ENGINE", "auto"),
        help="The search engine measured (KB_SEARCH_ENGINE; auto: by size, as the app).",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Measure the database and index as they are (no reset; with --skip rebuild, the "
        "index too), e.g. to measure new code on a 100,000-scenario set built before.",
    )
    parser.add_argument("--skip", default="", help="Tasks to leave out, e.g. rebuild,incremental")
    parser.add_argument("--write", action="store_true", help="Write BENCHMARKS.md.")
    args = parser.parse_args()
    if args.repeat < 2:
        parser.error("--repeat must be 2 or more: every figure is a median of runs")
    sizes = sorted(int(s) for s in args.sizes.split(","))
    env, bench_dir = bench_env(args)
    started = datetime.datetime.now(datetime.UTC)
    results = {
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "command": " ".join([".venv/bin/python", "bench/run.py", *sys.argv[1:]]),
    }
    print(json.dumps(results["machine"]), flush=True)
    args.skip = set(filter(None, args.skip.split(",")))
    if not args.reuse:
        prepare(env, bench_dir, args)
    queries = make_queries()
    results["sizes"] = [measure_size(env, size, args, queries) for size in sizes]
    results["seconds"] = (datetime.datetime.now(datetime.UTC) - started).total_seconds()
    out = bench_dir / f"results-{started:%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)  # --reuse of another database: not made yet
    out.write_text(json.dumps(results, indent=1))
    text = report.markdown(results)
    print(text)
    if args.write:
        report.write_benchmarks(ROOT / "BENCHMARKS.md", text, args.engine)
    print(f"Raw figures: {out}")


if __name__ == "__main__":
    main()
