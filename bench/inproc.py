"""In-process measurements, run by bench/run.py against the bench database and index.

    python bench/inproc.py TASK [--repeat N] ...   (prints one JSON object)

Tasks: info, rebuild, latency, incremental, devset, edit-poll. Each runs inside Django with the
environment run.py gives it (DATABASE_URL, KB_INDEX_DIR), never the dev database. `info` and
`rebuild` read the index's engine and files (kb.search.engines, kb.search.index): the bench
reports what it measured.
"""

import argparse
import io
import json
import os
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command, get_commands  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from queries import make_queries  # noqa: E402
from support import percentile, read_dev_set  # noqa: E402

from kb.models import Scenario  # noqa: E402
from kb.runtime import tune_garbage_collector  # noqa: E402
from kb.search import search  # noqa: E402
from kb.visitor.products import parse_products  # noqa: E402


def has_command(name):
    return name in get_commands()


def dir_bytes(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def task_info(args):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            db = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("select sqlite_version()")
            db = f"SQLite {cursor.fetchone()[0]}"
    import whoosh

    return {
        "database": db,
        "whoosh": f"whoosh-reloaded {whoosh.versionstring()}",
        "engine": _engine(),
        "django": django.get_version(),
        "scenarios": Scenario.objects.count(),
        "synthetic": Scenario.objects.filter(is_synthetic=True).count(),
        "commands": {c: has_command(c) for c in ("kb_rebuild_index", "kb_eval")},
    }


def _engine() -> str:
    """The engine searching now, and the setting that chose it when that was `auto`."""
    from kb.search import engines, index

    gen = index.current_generation()
    serving = engines.of_generation(gen) if gen is not None else None
    chosen = engines.name()
    if serving is None:
        return chosen
    return serving.NAME if chosen == serving.NAME else f"{serving.NAME} ({chosen})"


def task_rebuild(args):
    if not has_command("kb_rebuild_index"):
        return {"skipped": "no kb_rebuild_index command"}
    runs = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        call_command("kb_rebuild_index", stdout=io.StringIO())
        runs.append(time.perf_counter() - started)
    return {"seconds": runs, "index_bytes": dir_bytes(settings.KB_INDEX_DIR)}


def forget_answers():
    """Empty the search package's per-process results cache, when it has one: every pass
    measures searching, not the cache (queries repeat across passes, rarely within one)."""
    import kb.search

    cache = getattr(kb.search, "_cache", None)
    if cache is not None:
        cache.clear()


def task_latency(args):
    queries = make_queries(args.queries)
    prefer = parse_products(args.prefer.split(","))
    started = time.perf_counter()
    search(queries[0], limit=10, prefer=prefer)  # first search opens the index: reported apart
    first_ms = (time.perf_counter() - started) * 1000
    tune_garbage_collector()  # as kb/wsgi.py does in a server process once it is warm
    runs = []
    for _ in range(args.repeat):
        forget_answers()
        times, deadline = [], time.perf_counter() + args.budget
        for query in queries:
            t0 = time.perf_counter()
            search(query, limit=10, prefer=prefer)
            times.append((time.perf_counter() - t0) * 1000)
            if time.perf_counter() > deadline:
                break
        runs.append(
            {
                "n": len(times),
                "p50": percentile(times, 50),
                "p95": percentile(times, 95),
                "p99": percentile(times, 99),
                "mean": statistics.fmean(times),
            }
        )
    return {"first_ms": first_ms, "runs": runs, "rss_mb": rss_mb()}


def _edit(scenario, token):
    with transaction.atomic():
        scenario.symptom = f"{scenario.symptom} {token}".strip()
        scenario.save()


def _wait_until(found, timeout):
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if found():
            return time.perf_counter() - started
        time.sleep(0.005)
    return None


def _edits(args, found):
    """Edit scenarios one at a time; time the save, then until `found` sees the new word."""
    pool = Scenario.objects.published().order_by("-is_synthetic", "pk")
    scenarios = list(pool[: args.edits * args.repeat])
    saves, visible, missed = [], [], 0
    for scenario in scenarios:
        original = scenario.symptom
        token = "zq" + uuid.uuid4().hex[:10]
        started = time.perf_counter()
        _edit(scenario, token)
        saves.append((time.perf_counter() - started) * 1000)
        waited = _wait_until(lambda t=token, s=scenario.slug: found(t, s), args.timeout)
        if waited is None:
            missed += 1
        else:
            visible.append((time.perf_counter() - started) * 1000)
        scenario.symptom = original
        scenario.save()
    summary = {"edits": len(scenarios), "missed": missed}
    for name, values in (("save_ms", saves), ("searchable_ms", visible)):
        summary[name] = {"p50": percentile(values, 50), "p95": percentile(values, 95)}
    return summary


def task_incremental(args):
    def found(token, slug):
        return any(hit.slug == slug for hit in search(token, limit=5).results)

    search("warm up", limit=1)
    return _edits(args, found)


def task_edit_poll(args):
    """Edit here, look for the edit through a running server's search API (another process)."""
    import urllib.parse
    import urllib.request

    def found(token, slug):
        url = f"{args.url}?{urllib.parse.urlencode({'q': token})}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return any(r["slug"] == slug for r in json.load(response)["results"])

    return _edits(args, found)


def task_devset(args):
    """kb_eval's own figures when the command exists, beside a plain top-1 over search()."""
    result = {}
    if has_command("kb_eval"):
        out = io.StringIO()
        started = time.perf_counter()
        call_command("kb_eval", args.dev, stdout=out)
        result["kb_eval_seconds"] = time.perf_counter() - started
        result["kb_eval_output"] = out.getvalue()[-3000:]
        # kb_eval ends with one line of figures: "n=35 top1=0.743 mrr5=0.800 recall3=0.857".
        last = (out.getvalue().strip().splitlines() or [""])[-1]
        figures = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", last)}
        result["kb_eval"] = figures
        result["kb_eval_top1"] = figures.get("top1")
    rows = read_dev_set(args.dev)
    hits = sum(
        1
        for query, accepted in rows
        if (found := search(query, limit=10).results) and found[0].slug in accepted
    )
    result.update({"queries": len(rows), "top1_in_accepted": hits / len(rows)})
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "task", choices=["info", "rebuild", "latency", "incremental", "devset", "edit-poll"]
    )
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--budget", type=float, default=300, help="Seconds per latency run.")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--dev", default=str(ROOT / "tests" / "data" / "dev_queries.tsv"))
    parser.add_argument("--url", default="")
    parser.add_argument(
        "--prefer", default="", help="latency: search as a visitor with these products (slugs)"
    )
    args = parser.parse_args()
    task = globals()[f"task_{args.task.replace('-', '_')}"]
    print(json.dumps(task(args)))


if __name__ == "__main__":
    main()
