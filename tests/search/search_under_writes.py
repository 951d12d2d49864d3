"""Searches running while editors save and a full index rebuild runs, for
tests/search/test_search_during_writes.py (bench/search_during_writes.py keeps a copy, as bench imports
nothing from tests/: change both).

Searchers call the JSON API and the search page with Django's test client; one editor saves
scenarios through the admin change form (the same client-side round trip as
tests/admin/support.change_form_data); another thread runs `kb_rebuild_index` meanwhile.
"""

import io
import statistics
import threading
import time
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import connection
from django.test import Client

from kb.models import Scenario
from tests.admin.support import change_form_data

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
    """Save `edits` admin edits while `searchers` threads search (pausing `pause` s between
    searches) and full rebuilds run back to back until the last edit is saved; every edit adds
    the word "numbatN" to a scenario's symptom."""
    out = Outcome()
    lock = threading.Lock()
    done = threading.Event()
    edits_done = threading.Event()
    scenarios = list(Scenario.objects.order_by("slug").values_list("pk", flat=True))
    started = time.monotonic()

    def searcher(n):
        client = Client()
        i = 0
        try:
            while not done.is_set():
                q = QUERIES[(n + i) % len(QUERIES)]
                path, extra = (("/api/search", {}) if i % 2 else
                               ("/search", {"HTTP_HX_REQUEST": "true"}))
                t = time.monotonic()
                try:
                    status = client.get(path, {"q": q}, **extra).status_code
                except Exception as exc:  # noqa: BLE001 - every failure is counted
                    status = repr(exc)
                with lock:
                    out.searches += 1
                    out.latencies.append(time.monotonic() - t)
                    if status != 200:
                        out.errors.append(("search", q, status))
                i += 1
                time.sleep(pause)
        finally:
            connection.close()

    def editor_thread():
        client = Client()
        client.force_login(editor)
        try:
            forms = {}  # the editor keeps each scenario's page open and saves it again
            for n in range(edits):
                pk = scenarios[n % len(scenarios)]
                url = f"/admin/kb/scenario/{pk}/change/"
                if pk not in forms:
                    forms[pk] = change_form_data(client.get(url))
                data = forms[pk]
                # Saving the same open page again would be refused as stale (its version token
                # predates this editor's own last save): post it without the token.
                data.pop("version_token", None)
                data["symptom"] = f"{data['symptom']} numbat{n}"
                response = client.post(url, data)
                if response.status_code == 302:
                    out.edits_saved += 1
                else:
                    out.errors.append(("edit", n, response.status_code))
        except Exception as exc:  # noqa: BLE001
            out.errors.append(("edit", "crashed", repr(exc)))
        finally:
            edits_done.set()
            connection.close()

    def rebuilder():
        try:
            while not edits_done.is_set():
                call_command("kb_rebuild_index", stdout=io.StringIO())
                out.rebuilds += 1
                time.sleep(rebuild_pause)
        except Exception as exc:  # noqa: BLE001
            out.errors.append(("rebuild", repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=searcher, args=(n,)) for n in range(searchers)]
    writers = [threading.Thread(target=editor_thread), threading.Thread(target=rebuilder)]
    for t in threads + writers:
        t.start()
    for t in writers:
        t.join(timeout=600)
    done.set()
    for t in threads:
        t.join(timeout=60)
    out.seconds = time.monotonic() - started
    return out


def index_check(*args) -> tuple[int, str]:
    buffer = io.StringIO()
    try:
        call_command("kb_index_check", *args, stdout=buffer)
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    return code, buffer.getvalue()
