"""The editors' feedback reports in the admin: figures, charts, CSV, and who may see them."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from kb.models import (
    Article,
    PageView,
    Scenario,
    SearchLog,
    StepCheck,
    StepOutcome,
    Vote,
)

REPORTS = "/admin/kb/vote/reports/"


@pytest.fixture
def scenario(content):
    return Scenario.objects.get(slug="contact-not-synced-pm")


@pytest.fixture
def article(scenario):
    return scenario.issue.article


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_vote"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def feedback(article, scenario):
    Vote.objects.record(visitor="v1", article=article, helpful=True)
    Vote.objects.record(visitor="v2", article=article, helpful=False,
                        reasons=["outdated", "hard_to_follow"],
                        comment="Acme Legal <script>alert(1)</script> still sees the old menu")
    Vote.objects.record(visitor="v3", article=article, scenario=scenario, helpful=False,
                        reasons=["outdated"])
    Vote.objects.record(visitor="v4", article=article, scenario=scenario, helpful=True)
    for _ in range(5):
        PageView.objects.bump(article=article)
    for _ in range(7):
        PageView.objects.bump(article=article, scenario=scenario)


def _csv(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_non_staff_are_sent_to_sign_in(client, feedback):
    user = User.objects.create_user("visitor", password="pw-For-tests-1")
    client.force_login(user)
    for url in (REPORTS, f"{REPORTS}search/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_anonymous_visitors_are_sent_to_sign_in(client, feedback):
    assert "/admin/login/" in client.get(REPORTS)["Location"]


def test_staff_without_the_permission_are_refused(client, scenario):
    client.force_login(User.objects.create_user("intern", is_staff=True))
    for url in (REPORTS, f"{REPORTS}article/{scenario.issue.article_id}/",
                f"{REPORTS}scenario/{scenario.pk}/", f"{REPORTS}search/"):
        assert client.get(url).status_code == 403


def test_editor_group_permission_opens_the_reports(editor_client, feedback):
    response = editor_client.get(REPORTS)
    assert response.status_code == 200
    html = response.content.decode()
    rows = response.context["rows"]
    row = next(r for r in rows if r.article.slug == "legal-accounting-integration")
    assert row.article.title in html
    assert (row.views, row.scenario_views, row.yes, row.no, row.helpful_percent) == (5, 7, 2, 2, 50)
    assert '<svg class="kb-chart"' in html


def test_article_report_shows_views_votes_reasons_and_comments_escaped(
    editor_client, feedback, article
):
    response = editor_client.get(f"{REPORTS}article/{article.pk}/")
    html = response.content.decode()
    assert response.context["views"] == 12
    assert response.context["totals"]["helpful_percent"] == 50
    reasons = {r.code: r.count for r in response.context["reasons"]}
    assert reasons["outdated"] == 2 and reasons["hard_to_follow"] == 1
    assert "Acme Legal &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "Information is outdated or wrong" in html


def test_comments_never_reach_public_pages(client, feedback, article, scenario):
    for url in (article.get_absolute_url(), scenario.get_absolute_url()):
        assert "Acme Legal" not in client.get(url).content.decode()


def test_report_date_range_filters_votes(editor_client, feedback, article):
    Vote.objects.filter(visitor="v2").update(updated_at=timezone.now() - timedelta(days=90))
    recent = editor_client.get(f"{REPORTS}article/{article.pk}/")
    assert recent.context["totals"]["no"] == 1
    old_day = (timezone.localdate() - timedelta(days=90)).isoformat()
    old = editor_client.get(f"{REPORTS}article/{article.pk}/", {"start": old_day, "end": old_day})
    assert (old.context["totals"]["yes"], old.context["totals"]["no"]) == (0, 1)


def test_bad_date_range_falls_back_to_last_30_days_with_a_message(editor_client, feedback):
    response = editor_client.get(REPORTS, {"start": "2026-02-30", "end": "yesterday"})
    assert response.status_code == 200
    assert (response.context["end"] - response.context["start"]).days == 29
    reversed_range = editor_client.get(REPORTS, {"start": "2026-05-02", "end": "2026-05-01"})
    assert "start date must be on or before the end date" in reversed_range.content.decode()


def test_articles_csv_export(editor_client, feedback):
    response = editor_client.get(REPORTS, {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0][:3] == ["Article", "Article page views", "Scenario page views"]
    assert ["5", "7", "2", "2", "50"] in [r[1:] for r in rows[1:]]


@pytest.fixture
def step_activity(scenario):
    steps = list(scenario.steps.filter(parent__isnull=True).order_by("order"))
    assert len(steps) >= 2
    first, second = steps[0], steps[1]
    an_hour_ago = timezone.now() - timedelta(hours=1)
    # a: ticks 1, 2; step 2 fixed it.  b: ticks 1, 2; gives up at 2.  c: ticks 1, gives up at 1.
    # d: ticks 1, still working (just now): not counted as giving up.
    for visitor, ticked in {"a": [first, second], "b": [first, second], "c": [first],
                            "d": [first]}.items():
        for n, step in enumerate(ticked):
            check = StepCheck.objects.create(step=step, visitor=visitor)
            if visitor != "d":
                when = an_hour_ago + timedelta(minutes=n)
                StepCheck.objects.filter(pk=check.pk).update(created_at=when)
    StepOutcome.objects.create(step=second, visitor="a", outcome="fixed")
    StepOutcome.objects.create(step=first, visitor="b", outcome="not_helpful")
    StepOutcome.objects.filter(visitor="b").update(updated_at=an_hour_ago - timedelta(minutes=5))
    return first, second


def test_scenario_report_counts_steps_and_where_visitors_give_up(
    editor_client, scenario, step_activity
):
    first, second = step_activity
    response = editor_client.get(f"{REPORTS}scenario/{scenario.pk}/")
    assert response.status_code == 200
    rows = {row.step.pk: row for row in response.context["steps"].rows}
    assert (rows[first.pk].ticked, rows[first.pk].fixed, rows[first.pk].not_helpful) == (4, 0, 1)
    assert (rows[second.pk].ticked, rows[second.pk].fixed) == (2, 1)
    assert rows[second.pk].gave_up == 1  # b
    assert rows[first.pk].gave_up == 1  # c (d is still working)
    assert rows[second.pk].resolves_most and not rows[first.pk].resolves_most
    html = response.content.decode()
    assert "resolves the most problems" in html
    assert 'class="kb-report-top"' in html
    assert "Step funnel" in html


def test_search_report_tables_and_csv(editor_client, scenario, db):
    def log(query, results, clicked=False, n=1):
        for _ in range(n):
            SearchLog.objects.create(
                query=query, normalized=query, results_count=results,
                clicked_scenario=scenario if clicked else None,
            )

    log("contact not synced", 4, clicked=True, n=3)
    log("=HYPERLINK(\"http://x\")", 0, n=2)
    log("trust account", 3, n=2)
    response = editor_client.get(f"{REPORTS}search/")
    tables = response.context["tables"]
    assert [r["normalized"] for r in tables.top][0] == "contact not synced"
    assert [r["normalized"] for r in tables.zero] == ['=HYPERLINK("http://x")']
    assert [r["normalized"] for r in tables.gaps] == ["trust account"]
    assert tables.searches == 7 and tables.with_results_opened == 3
    rows = _csv(editor_client.get(f"{REPORTS}search/", {"export": "zero"}))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"  # never run as a spreadsheet formula
    assert rows[1][1:4] == ["2", "0", "2"]
    assert editor_client.get(f"{REPORTS}search/", {"export": "nope"}).status_code == 404


def test_reports_have_no_inline_styles_or_scripts(editor_client, feedback, scenario, article):
    for url in (REPORTS, f"{REPORTS}article/{article.pk}/", f"{REPORTS}scenario/{scenario.pk}/",
                f"{REPORTS}search/"):
        html = editor_client.get(url).content.decode()
        assert " style=" not in html
        assert "<script>" not in html


def test_unknown_article_or_scenario_report_is_404(editor_client, db):
    assert editor_client.get(f"{REPORTS}article/999999/").status_code == 404
    assert editor_client.get(f"{REPORTS}scenario/999999/").status_code == 404


def test_votes_list_links_to_reports_and_is_read_only(editor_client, feedback):
    html = editor_client.get("/admin/kb/vote/").content.decode()
    assert REPORTS in html
    vote = Vote.objects.first()
    assert editor_client.post(f"/admin/kb/vote/{vote.pk}/change/", {}).status_code == 403


def test_article_rows_put_most_no_first(editor_client, feedback):
    rows = editor_client.get(REPORTS).context["rows"]
    assert rows[0].no >= rows[-1].no
    assert Article.objects.count() == len(rows)


def test_one_vote_repeating_a_reason_counts_once_and_no_share_exceeds_100_percent(
    editor_client, article, scenario
):
    # Through the model (where no form stands guard), and as a row stored before reasons
    # were a set.
    Vote.objects.record(visitor="v1", article=article, helpful=False, reasons=["outdated"] * 990)
    Vote.objects.create(visitor="v2", article=article, scenario=scenario, helpful=False,
                        reasons=["outdated"] * 990 + ["other"])
    assert Vote.objects.get(visitor="v1").reasons == ["outdated"]

    response = editor_client.get(f"{REPORTS}article/{article.pk}/")
    reasons = {r.code: (r.count, r.percent) for r in response.context["reasons"]}
    assert reasons["outdated"] == (2, 100)
    assert reasons["other"] == (1, 50)
    assert max(r.percent for r in response.context["reasons"]) <= 100
    assert "990" not in response.content.decode()
    votes_list = editor_client.get("/admin/kb/vote/").content.decode()
    assert "outdated, other" in votes_list and "outdated, outdated" not in votes_list
