"""Saving an import costs a fixed number of queries whatever its size (a 3,000-scenario file
inside the upload limit must fit in a request), with the same history and search results as
saving row by row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb import search
from kb.importer import read_article
from kb.importer.writer import save
from kb.models import Scenario, SolutionStep


def many(count: int, edit: str = "", name: str = "Sync") -> bytes:
    lines = [f"{name} Article", ""]
    for n in range(count):
        lines += [f"Issue: {name} fails for record {n}", "Possible Solutions:",
                  f"  • Go to Admin > Sync {n} and click Retry{edit}.",
                  f"    1. Confirm record {n}.", ""]  # fmt: skip
    return "\n".join(lines).encode()


def queries_to_save(data: bytes) -> int:
    article = read_article(data, "many.txt")
    with CaptureQueriesContext(connection) as captured:
        save(article, publish=True)
    return len(captured)


@pytest.mark.slow
def test_saving_ten_times_the_scenarios_costs_no_more_queries(db):
    small = queries_to_save(many(20))
    large = queries_to_save(many(200, name="Print"))
    assert large <= small + 5, (small, large)
    edited_small = queries_to_save(many(20, edit=" now"))
    edited_large = queries_to_save(many(200, edit=" now", name="Print"))
    assert edited_large <= edited_small + 5, (edited_small, edited_large)


def test_every_created_or_changed_row_keeps_its_history_entry(db):
    save(read_article(many(3), "a.txt"))
    scenario = Scenario.objects.get(slug="sync-fails-for-record-1")
    step = SolutionStep.objects.get(ref="sync-fails-for-record-1/1.1")
    assert list(scenario.history.values_list("history_type", flat=True)) == ["+"]
    assert step.parent.ref == "sync-fails-for-record-1/1"
    save(read_article(many(3, edit=" now"), "a.txt"))
    top = SolutionStep.objects.get(ref="sync-fails-for-record-1/1")
    assert top.text.endswith("Retry now.")
    assert [h.history_type for h in top.history.order_by("history_date")] == ["+", "~"]
    assert top.history.earliest("history_date").text.endswith("Retry.")
    assert list(step.history.values_list("history_type", flat=True)) == ["+"]  # unchanged
    save(read_article(many(3, edit=" now"), "a.txt"))
    assert top.history.count() == 2  # an unchanged re-import adds nothing


def test_an_imported_scenario_is_searchable_right_after_the_commit(
    searchable, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save(read_article(many(30), "a.txt"), publish=True)
    hits = search.search("sync fails for record 29").results
    assert hits and hits[0].slug == "sync-fails-for-record-29"
