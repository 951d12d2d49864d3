"""Many people voting at once: every vote is stored, none is lost, nobody sees an error.

Runs on whichever database the suite runs on (SQLite by default; PostgreSQL with
DATABASE_URL=postgresql://...), through the real view with the test client, one thread per
browser.
"""

import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from kb.models import PageView, Scenario, Vote

from .support import as_visitor, new_visitor, vote_data

THREADS = 20
VOTES_PER_THREAD = 10


@pytest.fixture
def seeded(transactional_db):
    call_command("kb_load_content", verbosity=0)
    with override_settings(KB_RATE_LIMITS={"feedback": (10**6, 600)}):
        yield


def _run_threads(work):
    barrier = threading.Barrier(THREADS)
    failures = []

    def run(index):
        try:
            barrier.wait()
            work(index)
        except Exception as exc:  # noqa: BLE001 - every failure is reported by the test
            failures.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return failures


@pytest.mark.slow
def test_concurrent_votes_from_many_visitors_are_all_stored(seeded):
    scenarios = list(Scenario.objects.order_by("slug")[:VOTES_PER_THREAD])
    visitors = [new_visitor() for _ in range(THREADS)]
    statuses = []

    def vote(index):
        client = as_visitor(Client(), visitors[index])
        for n, scenario in enumerate(scenarios):
            data = vote_data(visitors[index], scenario, "yes" if (index + n) % 2 else "no",
                             reasons=["other"])
            statuses.append(client.post("/feedback/vote/", data).status_code)

    failures = _run_threads(vote)
    assert failures == []
    assert statuses == [303] * (THREADS * VOTES_PER_THREAD)
    assert Vote.objects.count() == THREADS * VOTES_PER_THREAD
    expected_yes = sum((i + n) % 2 for i in range(THREADS) for n in range(VOTES_PER_THREAD))
    assert Vote.objects.filter(helpful=True).count() == expected_yes


@pytest.mark.slow
def test_one_visitor_racing_with_itself_keeps_exactly_one_vote(seeded):
    scenario = Scenario.objects.get(slug="tr-access-token-expired")
    visitor = new_visitor()
    statuses = []

    def vote(index):
        client = as_visitor(Client(), visitor)
        for n in range(VOTES_PER_THREAD):
            helpful = "yes" if (index + n) % 2 else "no"
            data = vote_data(visitor, scenario, helpful, reasons=["outdated"])
            statuses.append(client.post("/feedback/vote/", data, HTTP_HX_REQUEST="true")
                            .status_code)

    failures = _run_threads(vote)
    assert failures == []
    assert statuses == [200] * (THREADS * VOTES_PER_THREAD)
    assert Vote.objects.filter(visitor=visitor).count() == 1


@pytest.mark.slow
def test_concurrent_page_views_are_all_counted(seeded):
    scenario = Scenario.objects.get(slug="tr-webhook-not-configured")
    statuses = []

    def view(index):
        client = Client()
        for _ in range(VOTES_PER_THREAD):
            statuses.append(client.get(scenario.get_absolute_url()).status_code)

    assert _run_threads(view) == []
    assert statuses == [200] * (THREADS * VOTES_PER_THREAD)
    assert PageView.objects.get(scenario=scenario).count == THREADS * VOTES_PER_THREAD
