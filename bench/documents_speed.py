"""Print how long building the search document of every published scenario takes (the content
read and the analysis of a full rebuild, without the index write): median of --repeat runs.

    DATABASE_URL=sqlite:///$PWD/var/docbench/db.sqlite3 .venv/bin/python bench/documents_speed.py

`--path instances` times the model-instance path (`published_scenarios()` with its prefetches
and `scenario_document()` per scenario), the only path before the bulk one existed; `--path
bulk` (the default when it exists) times `iter_published_documents()`. Each run starts with
cold analysis caches, as a rebuild in a fresh process does.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from kb.search import analysis, documents  # noqa: E402


def clear_caches():
    for name in dir(analysis):
        cache_clear = getattr(getattr(analysis, name), "cache_clear", None)
        if cache_clear:
            cache_clear()


def instance_documents():
    for scenario in documents.published_scenarios().iterator(chunk_size=500):
        yield documents.scenario_document(scenario)


def bulk_documents(batch_size):
    for _, document in documents.iter_published_documents(batch_size=batch_size):
        yield document


def main():
    has_bulk = hasattr(documents, "iter_published_documents")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", choices=["bulk", "instances"], default=None)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=2000)
    args = parser.parse_args()
    path = args.path or ("bulk" if has_bulk else "instances")
    if path == "bulk" and not has_bulk:
        parser.error("this checkout has no bulk path (iter_published_documents)")
    print(f"{connection.vendor} {connection.settings_dict['NAME']}; path {path}")
    seconds, cpu = [], []
    for run in range(args.repeat):
        clear_caches()
        started, started_cpu = time.perf_counter(), time.process_time()
        count = 0
        source = bulk_documents(args.batch_size) if path == "bulk" else instance_documents()
        for _ in source:
            count += 1
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        print(f"run {run + 1}: {count} documents in {seconds[-1]:.2f} s ({cpu[-1]:.2f} s CPU)")
    median = statistics.median(seconds)
    print(
        f"median of {len(seconds)}: {median:.2f} s ({statistics.median(cpu):.2f} s CPU), "
        f"{count / median:,.0f} documents/s; load average {os.getloadavg()[0]:.1f}; "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
    )


if __name__ == "__main__":
    main()
