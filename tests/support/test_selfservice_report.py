"""The self-service report: per article and week, visits that ended fixed, handed off, or
neither, and Zendesk's self-service score."""

import csv
import io
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from kb.models import (
    Article,
    PageView,
    Scenario,
    StepOutcome,
    SupportClick,
    SupportRequest,
    Vote,
)

WEEK1, WEEK2 = date(2026, 11, 2), date(2026, 11, 9)  # Mondays
RANGE = {"start": "2026-11-01", "end": "2026-11-15"}


def at(day: date):
    return timezone.make_aware(datetime.combine(day, time(12)))


def dated(obj, day, field):
    type(obj).objects.filter(pk=obj.pk).update(**{field: at(day)})


@pytest.fixture
def usage(content):
    la = Article.objects.get(slug="legal-accounting-integration")
    tr = Article.objects.get(slug="tr-legal-tracker-integration")
    scenario = Scenario.objects.get(slug="contact-not-synced-pm")
    steps = [s for s in scenario.steps.all() if s.is_actionable]
    PageView.objects.create(article=la, scenario=scenario, day=date(2026, 11, 3), count=5)
    PageView.objects.create(article=la, day=date(2026, 11, 4), count=2)
    PageView.objects.create(article=la, scenario=scenario, day=date(2026, 11, 10), count=4)
    PageView.objects.create(article=tr, day=date(2026, 11, 3), count=3)
    # Week 1: v1 votes helpful and marks a step fixed (one visitor), v2 marks a step fixed,
    # v3 says "No" (not a fix); an old helpful vote falls outside the range.
    dated(Vote.objects.create(article=la, scenario=scenario, visitor="v1", helpful=True),
          date(2026, 11, 3), "updated_at")  # fmt: skip
    for visitor, step in (("v1", steps[0]), ("v2", steps[1])):
        dated(StepOutcome.objects.create(step=step, visitor=visitor, outcome="fixed"),
              date(2026, 11, 3), "updated_at")  # fmt: skip
    dated(Vote.objects.create(article=la, visitor="v3", helpful=False), date(2026, 11, 3),
          "updated_at")
    dated(Vote.objects.create(article=la, visitor="v9", helpful=True), date(2026, 10, 20),
          "updated_at")
    # Hand-offs: v4 sends a request and clicks the help desk link (one visitor), v5 clicks;
    # in week 2, v6 clicks.
    dated(SupportRequest.objects.create(article=la, scenario=scenario, visitor="v4", name="A",
                                        email="a@example.com", description="x"),
          date(2026, 11, 5), "created_at")  # fmt: skip
    for visitor, day in (("v4", date(2026, 11, 5)), ("v5", date(2026, 11, 6)),
                         ("v6", date(2026, 11, 11))):
        dated(SupportClick.objects.create(article=la, visitor=visitor, channel="url"), day,
              "created_at")  # fmt: skip
    return la, tr


def table(rows):
    return {(r.article.slug, r.week): (r.visits, r.fixed, r.handed_off, r.left, r.score)
            for r in rows}  # fmt: skip


def test_counts_per_article_and_week(usage, admin_client):
    response = admin_client.get("/admin/kb/selfservice/", RANGE)
    assert response.status_code == 200
    assert table(response.context["rows"]) == {
        ("legal-accounting-integration", WEEK1): (7, 2, 2, 3, 50),
        ("legal-accounting-integration", WEEK2): (4, 0, 1, 3, 0),
        ("tr-legal-tracker-integration", WEEK1): (3, 0, 0, 3, None),
    }
    totals = response.context["totals"]
    assert (totals.visits, totals.fixed, totals.handed_off, totals.score) == (14, 2, 3, 40)


def test_csv_export_has_the_same_rows(usage, admin_client):
    response = admin_client.get("/admin/kb/selfservice/", {**RANGE, "export": "csv"})
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Week starting"
    la, tr = usage
    assert ["2026-11-09", la.title, "4", "0", "1", "3", "0"] in rows
    assert ["2026-11-02", tr.title, "3", "0", "0", "3", ""] in rows
    assert len(rows) == 4


def test_editors_may_read_it_other_staff_may_not(usage, editor_client, django_user_model, client):
    assert editor_client.get("/admin/kb/selfservice/", RANGE).status_code == 200
    other = django_user_model.objects.create_user("sam", password="x", is_staff=True)
    client.force_login(other)
    assert client.get("/admin/kb/selfservice/").status_code == 403
