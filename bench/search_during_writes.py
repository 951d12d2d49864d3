"""Searches while editors save through the admin and full index rebuilds run: print searches
answered, errors, latency, edits saved, rebuilds, and the index check afterwards.

    .venv/bin/python bench/search_during_writes.py                      # SQLite
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME \
        .venv/bin/python bench/search_during_writes.py --edits 200
    .venv/bin/python bench/search_during_writes.py --edits 200 --rebuild-pause 0.02  # back to back

Runs in a throwaway test database with the seed content and a fresh index in a temporary
directory. Searchers call the JSON API and the search page with Django's test client; one editor
saves scenarios through the admin change form; another thread runs `kb_rebuild_index` meanwhile
(tests/search/test_search_during_writes.py imports this harness: one copy for both). Exit
status 1 on any error or when the index differs from the database afterwards.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

from support import change_form_data, seeded_database

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("KB_INDEX_DIR", tempfile.mkdtemp(prefix="kb-writes-index-"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--searchers", type=int, default=2)
    parser.add_argument(
        "--rebuild-pause", type=float, default=0.2, help="Seconds between two full rebuilds."
    )
    args = parser.parse_args()

    with seeded_database() as connection:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from kb.admin.roles import EDITOR_GROUP
        from kb.search import search

        editor = get_user_model().objects.create_user("bench-editor", is_staff=True)
        editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
        search("warm up")
        out = run(
            editor, edits=args.edits, searchers=args.searchers, rebuild_pause=args.rebuild_pause
        )
        code, report = index_check()
    print(f"database: {connection.vendor}")
    print(
        f"edits saved: {out.edits_saved}/{args.edits}  full rebuilds meanwhile: {out.rebuilds}"
        f"  in {out.seconds:.1f} s"
    )
    print(
        f"searches answered: {out.searches}  errors: {len(out.errors)}  "
        f"latency p50 {out.p50_ms:.0f} ms  p95 {out.p95_ms:.0f} ms"
    )
    print(f"kb_index_check afterwards: {report.strip().splitlines()[-1]} (exit {code})")
    for error in out.errors[:10]:
        print("  error:", error)
    return 1 if out.errors or code else 0


QUERIES = ["webhook not configured", "token expired", "contact not synced", "numbat"]


@dataclass
class Outcome:
    searches: int = 0
    errors: list = field(default_factory=list)
    latencies: list = field(default_factory=list)
    edits_saved: int = 0
    rebuilds: int = 0
    seconds: float = 0.0

    @property
    def p50_ms(self):
        return statistics.median(self.latencies) * 1000 if self.latencies else 0.0

    @property
    def p95_ms(self):
        if len(self.latencies) < 2:
            return self.p50_ms
        return statistics.quantiles(self.latencies, n=20)[-1] * 1000


def run(editor, *, edits=50, searchers=2, pause=0.02, rebuild_pause=0.2) -> Outcome:
    """Save and publish `edits` admin edits while `searchers` threads search (pausing `pause` s
    between searches) and full rebuilds run back to back until the last edit is published; every
    edit adds the word "numbatN" to a scenario's symptom."""
    from kb.models import Scenario

    state = _Run(Outcome(), threading.Lock(), threading.Event(), threading.Event())
    scenarios = list(Scenario.objects.order_by("slug").values_list("pk", flat=True))
    started = time.monotonic()
    threads = [threading.Thread(target=_searcher, args=(state, n, pause)) for n in range(searchers)]
    writers = [
        threading.Thread(target=_editor, args=(state, editor, scenarios, edits)),
        threading.Thread(target=_rebuilder, args=(state, rebuild_pause)),
    ]
    for t in threads + writers:
        t.start()
    for t in writers:
        t.join(timeout=600)
    state.done.set()
    for t in threads:
        t.join(timeout=60)
    state.out.seconds = time.monotonic() - started
    return state.out


@dataclass
class _Run:
    out: Outcome
    lock: threading.Lock
    done: threading.Event  # the searchers stop
    edits_done: threading.Event  # the rebuilds stop


def _searcher(state: _Run, n: int, pause: float) -> None:
    from django.db import connection
    from django.test import Client

    out, client, i = state.out, Client(), 0
    try:
        while not state.done.is_set():
            q = QUERIES[(n + i) % len(QUERIES)]
            path, extra = (("/api/search", {}) if i % 2 else
                           ("/search", {"HTTP_HX_REQUEST": "true"}))  # fmt: skip
            t = time.monotonic()
            try:
                status = client.get(path, {"q": q}, **extra).status_code
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                status = repr(exc)
            with state.lock:
                out.searches += 1
                out.latencies.append(time.monotonic() - t)
                if status != 200:
                    out.errors.append(("search", q, status))
            i += 1
            time.sleep(pause)
    finally:
        connection.close()


def _editor(state: _Run, editor, scenarios: list, edits: int) -> None:
    from django.db import connection
    from django.test import Client

    out, client = state.out, Client()
    client.force_login(editor)
    try:
        for n in range(edits):
            status = _edit_and_publish(client, scenarios[n % len(scenarios)], n)
            if status is None:
                out.edits_saved += 1
            else:
                out.errors.append(("edit", n, status))
    except Exception as exc:  # noqa: BLE001
        out.errors.append(("edit", "crashed", repr(exc)))
    finally:
        state.edits_done.set()
        connection.close()


def _edit_and_publish(client, pk: int, n: int):
    """One edit as editors make it: "Edit working copy" on the published scenario, add the word
    "numbatN" to its symptom, save, then publish (as a reviewer). None, else the bad status."""
    from kb.content.publishing import publish
    from kb.models import Scenario

    article_id = Scenario.objects.values_list("issue__article_id", flat=True).get(pk=pk)
    opened = client.post(
        f"/admin/kb/article/{article_id}/working-copy/", {"target": f"scenario-{pk}"}
    )
    if opened.status_code != 303:
        return opened.status_code
    url = opened["Location"]
    data = change_form_data(client.get(url))
    data["symptom"] = f"{data['symptom']} numbat{n}"
    saved = client.post(url, data)
    if saved.status_code != 302:
        return saved.status_code
    copy = Scenario.objects.select_related("issue__article").get(pk=int(url.split("/")[-3]))
    publish(copy.issue.article)
    return None


def _rebuilder(state: _Run, rebuild_pause: float) -> None:
    from django.core.management import call_command
    from django.db import connection

    try:
        while not state.edits_done.is_set():
            call_command("kb_rebuild_index", stdout=io.StringIO())
            state.out.rebuilds += 1
            time.sleep(rebuild_pause)
    except Exception as exc:  # noqa: BLE001
        state.out.errors.append(("rebuild", repr(exc)))
    finally:
        connection.close()


def index_check(*args) -> tuple[int, str]:
    from django.core.management import call_command

    buffer = io.StringIO()
    try:
        call_command("kb_index_check", *args, stdout=buffer)
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    return code, buffer.getvalue()


if __name__ == "__main__":
    sys.exit(main())
