"""Page views, the search log and result clicks commit without waiting for the disk; votes and
checklist ticks still wait (kb/feedback/durability.py). Checked on real commits, on the
database the suite runs on (SQLite, or PostgreSQL through DATABASE_URL)."""

import re

import pytest
from django.db import connection

from kb.models import PageView, Scenario, SearchLog, StepCheck, StepKind, Vote

from .support import as_visitor, new_visitor, vote_data

pytestmark = pytest.mark.django_db(transaction=True)

WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE) "?(kb_\w+)"?', re.IGNORECASE)


def _waits_for_disk() -> bool:
    """Whether a commit on this connection now waits for the disk."""
    raw = connection.connection
    if connection.vendor == "postgresql":
        with raw.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0] != "off"
    return raw.execute("PRAGMA synchronous").fetchone()[0] >= 2  # FULL or EXTRA


@pytest.fixture
def writes():
    """table -> whether each write to it was made on a connection waiting for the disk."""
    seen: dict[str, list[bool]] = {}

    def wrapper(execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match:
            seen.setdefault(match.group(2), []).append(_waits_for_disk())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def test_counters_and_logs_do_not_wait_for_the_disk_but_votes_and_ticks_do(client, content, writes):
    visitor = new_visitor()
    as_visitor(client, visitor)
    scenario = Scenario.objects.get(slug="tr-webhook-not-configured")
    search = client.get("/search", {"q": "webhook not configured"})
    click = re.search(r'href="(/s/tr-webhook-not-configured/\?sl=\d+)"', search.content.decode())
    assert click, "the result links carry the search log row"
    assert client.get(click.group(1)).status_code == 200
    assert client.post("/feedback/vote/", vote_data(visitor, scenario, "yes")).status_code in (
        200,
        303,
    )
    step = scenario.steps.filter(kind__in=[StepKind.ALTERNATIVE, StepKind.STEP]).first()
    assert client.post(f"/steps/{step.ref}/check", {"done": "1"}).status_code in (200, 303)

    assert SearchLog.objects.filter(clicked_scenario=scenario).exists()
    assert PageView.objects.filter(scenario=scenario).exists()
    assert Vote.objects.filter(scenario=scenario, visitor=visitor).exists()
    assert StepCheck.objects.filter(step=step, visitor=visitor).exists()
    assert writes["kb_searchlog"] and not any(writes["kb_searchlog"])
    assert writes["kb_pageview"] and not any(writes["kb_pageview"])
    assert writes["kb_vote"] and all(writes["kb_vote"])
    assert writes["kb_stepcheck"] and all(writes["kb_stepcheck"])
    assert _waits_for_disk()  # and the connection is left as it was configured


def test_a_failed_counter_leaves_the_connection_waiting_for_the_disk(content, monkeypatch):
    from kb.feedback import record_page_view

    scenario = Scenario.objects.get(slug="tr-webhook-not-configured")

    def broken(*args, **kwargs):
        raise RuntimeError("the counter broke")

    monkeypatch.setattr(PageView.objects, "add", broken)
    with pytest.raises(RuntimeError):
        record_page_view(scenario.issue.article, scenario)
    assert _waits_for_disk()
