"""App servers in their own processes (gunicorn, each with its own KB_INDEX_DIR) sharing one
database: used by tests/operations/test_scale_out.py (bench/scale_out.py keeps a copy, as bench imports
nothing from tests/: change both)."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(connection) -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return f"postgresql://{s['USER']}{password}@{host}:{port}/{s['NAME']}"


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
                raise AssertionError(f"{node.name} did not serve: {node.log.read_text()[-3000:]}")
            time.sleep(0.1)


def wait_found(node: Node, query: str, slug: str, since: float, timeout: float = 10.0) -> float:
    """Seconds from `since` (a time.monotonic()) until `node`'s search for `query` returns
    `slug`; inf when it does not within `timeout`."""
    while time.monotonic() - since < timeout:
        if slug in node.search(query):
            return time.monotonic() - since
        time.sleep(0.05)
    return float("inf")
