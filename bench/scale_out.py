"""Two app servers (gunicorn, own index directories) sharing one database: print how long an
edit saved on one takes to be found by search on the other, and how long a server started
later takes to be ready.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/scale_out.py
    .venv/bin/python bench/scale_out.py --edits 20          # SQLite file database

Runs in a throwaway test database with the seed content; the edits are saved by this process
using server A's index directory (as one of A's workers would). Exit status 1 when an edit is
not found on server B within 5 seconds.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from load import free_port
from support import ROOT, database_url, setup_django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
LIMIT = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    from kb.models import Scenario

    workdir = Path(tempfile.mkdtemp(prefix="kb-scale-out-"))
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    nodes = []
    try:
        call_command("kb_load_content", verbosity=0)
        url = database_url(connection)
        a, b = start_node("a", url, workdir), start_node("b", url, workdir)
        nodes += [a, b]
        for node in (a, b):
            wait_serving(node, "webhook")
        settings.KB_INDEX_DIR = a.index_dir
        scenarios = list(Scenario.objects.order_by("slug"))
        delays = []
        for n in range(args.edits):
            scenario = scenarios[n % len(scenarios)]
            with transaction.atomic():
                scenario.symptom += f" wombat{n}"
                scenario.save()
            delays.append(wait_found(b, f"wombat{n}", scenario.slug, since=time.monotonic()))
        started = time.monotonic()
        c = start_node("c", url, workdir)
        nodes.append(c)
        while not (c.index_dir / "current").exists() and c.process.poll() is None:
            time.sleep(0.05)
        built = time.monotonic() - started
        first = wait_serving(c, f"wombat{args.edits - 1}")
        ready = time.monotonic() - started
        late_ok = first[:1] == [scenarios[(args.edits - 1) % len(scenarios)].slug]
    finally:
        for node in nodes:
            node.stop()
        connection.close()
        teardown_databases(old, verbosity=0)
    print(f"database: {connection.vendor}  servers: 2 x gunicorn (2 workers), own index dirs")
    print(f"edit on A -> found on B: median {statistics.median(delays):.2f} s, "
          f"max {max(delays):.2f} s over {len(delays)} edits (limit {LIMIT:.0f} s)")
    print(f"late server C: index built {built:.1f} s after start (before any request), first "
          f"search answered at {ready:.1f} s, finds the last edit: {late_ok}")
    return 0 if max(delays) <= LIMIT and late_ok else 1


# The servers; tests/operations/test_scale_out.py imports them (one copy for both).
@dataclass
class Node:
    name: str
    port: int
    index_dir: Path
    process: subprocess.Popen
    log: Path

    def search(self, q: str, timeout: float = 10.0) -> list[str]:
        url = f"http://127.0.0.1:{self.port}/api/search?" + urllib.parse.urlencode({"q": q})
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return [hit["slug"] for hit in json.load(response)["results"]]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_node(name: str, db_url: str, workdir: Path, *, workers: int = 2) -> Node:
    port = free_port()
    index_dir = workdir / f"index-{name}"
    log = workdir / f"{name}.log"
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "KB_INDEX_DIR": str(index_dir),
        "DJANGO_SETTINGS_MODULE": "kb.settings",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "",
        "KB_SEARCH_CATCHUP_SECONDS": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kb.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--threads", "2",
         "--graceful-timeout", "5"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    return Node(name, port, index_dir, process, log)


def wait_serving(node: Node, query: str, timeout: float = 60.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return node.search(query)
        except OSError:
            if node.process.poll() is not None or time.monotonic() > deadline:
                log = node.log.read_text()[-3000:]
                raise AssertionError(f"{node.name} did not serve: {log}") from None
            time.sleep(0.1)


def wait_found(node: Node, query: str, slug: str, since: float, timeout: float = 10.0) -> float:
    """Seconds from `since` (a time.monotonic()) until `node`'s search for `query` returns
    `slug`; inf when it does not within `timeout`."""
    while time.monotonic() - since < timeout:
        if slug in node.search(query):
            return time.monotonic() - since
        time.sleep(0.05)
    return float("inf")


if __name__ == "__main__":
    sys.exit(main())
