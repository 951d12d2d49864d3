"""Freshness: public pages say when the article last changed ("Updated <date>", from its newest
version, else its publication), and the review list names articles whose review date is near or
past, or whose "didn't help" share rose since their last edit."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from kb.content import versions
from kb.content.freshness import due_for_review, mark_reviewed
from kb.models import Article, ArticleVersion, Scenario, Status, VersionKind, Vote
from tests.admin.support import change_form_data, errors_of, open_working_copy, publish_now

pytestmark = pytest.mark.django_db

SLUG = "contact-not-synced-pm"
TODAY = timezone.localdate()


def updated_line(client, url) -> str:
    html = client.get(url).content.decode()
    found = re.findall(r'<p class="meta page-updated">(.*?)</p>', html)
    assert len(found) == 1, html
    return re.sub(r"<[^>]+>", "", found[0])


def scenario_article():
    return Scenario.objects.select_related("issue__article").get(slug=SLUG).issue.article


def at(days_ago: int, hour: int = 12) -> datetime.datetime:
    day = TODAY - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def edit_symptom(client, text="Edited for freshness."):
    """Edit the published scenario in its working copy, then publish it (the public change)."""
    scenario = open_working_copy(client, Scenario.objects.get(slug=SLUG))
    url = f"/admin/kb/scenario/{scenario.pk}/change/"
    data = change_form_data(client.get(url))
    data["symptom"] = text
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    publish_now(scenario)


def test_fixture_content_shows_its_publication_date(client, content):
    article = scenario_article()
    assert not ArticleVersion.objects.filter(article=article).exists()
    assert updated_line(client, f"/s/{SLUG}/") == "Updated 24 November 2026"
    assert updated_line(client, article.get_absolute_url()) == "Updated 24 November 2026"


def test_an_edit_moves_updated_to_the_edit_and_only_on_its_article(client, editor_client, content):
    edit_symptom(editor_client)
    article = scenario_article()
    edit = ArticleVersion.objects.filter(article=article).order_by("-number").first()
    assert edit.kind == VersionKind.PUBLISH
    ArticleVersion.objects.filter(pk=edit.pk).update(created_at=at(3))
    expected = f"Updated {at(3):%-d %B %Y}"
    assert updated_line(client, f"/s/{SLUG}/") == expected
    assert updated_line(client, article.get_absolute_url()) == expected
    # The other article was not edited: still its publication date.
    assert updated_line(client, "/s/tr-access-token-expired/") == "Updated 24 November 2026"


def test_a_baseline_alone_is_no_change(client, content):
    """The state kept before a first edit is recorded "now" but changed nothing public."""
    versions.ensure_baseline(scenario_article().pk)
    assert updated_line(client, f"/s/{SLUG}/") == "Updated 24 November 2026"


def test_review_votes_and_views_leave_updated_alone(client, editor_client, editor, content):
    edit_symptom(editor_client)
    article = scenario_article()
    ArticleVersion.objects.filter(article=article).update(created_at=at(5))
    before = updated_line(client, f"/s/{SLUG}/")
    Vote.objects.record(visitor="v1", article=article, helpful=False)
    client.get(article.get_absolute_url())  # a page view
    editor_client.post(f"/admin/kb/article/{article.pk}/mark-reviewed/")
    article.refresh_from_db()
    assert article.last_reviewed_by == editor
    assert ArticleVersion.objects.filter(article=article).count() == 2  # baseline + the edit
    assert updated_line(client, f"/s/{SLUG}/") == before == f"Updated {at(5):%-d %B %Y}"


def test_scenario_page_reads_updated_in_its_own_query(client, content):
    """The "Updated" date is a subquery of the scenario's query: no query per page or row."""
    client.get(f"/s/{SLUG}/")  # visitor cookie and the day's view row exist from here on
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kb.content import page_cache

    page_cache.clear()  # built afresh, as after an edit (a cached page runs no content query)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/s/{SLUG}/")
    version_queries = [q for q in queries if "kb_articleversion" in q["sql"]]
    assert len(version_queries) == 1
    assert 'FROM "kb_scenario"' in version_queries[0]["sql"]


def set_due(article, days_from_today):
    Article.objects.filter(pk=article.pk).update(
        review_due_on=TODAY + datetime.timedelta(days=days_from_today)
    )


def listed():
    return {row.article.slug: row for row in due_for_review()}


def test_new_and_fixture_articles_are_first_due_one_interval_ahead(content, settings):
    assert set(Article.objects.values_list("review_due_on", flat=True)) == {
        TODAY + datetime.timedelta(days=180)
    }
    settings.KB_REVIEW_INTERVAL_DAYS = 30
    article = Article.objects.create(slug="new-one", title="New one")
    assert article.review_due_on == TODAY + datetime.timedelta(days=30)


def test_due_list_names_passed_and_soon_dates_and_skips_the_rest(content):
    late, soon = Article.objects.order_by("pk")
    set_due(late, -3)
    set_due(soon, 10)
    rows = listed()
    assert rows[late.slug].overdue and rows[late.slug].reasons == [
        f"Review overdue since {TODAY - datetime.timedelta(days=3):%-d %b %Y}"
    ]
    assert not rows[soon.slug].overdue
    assert rows[soon.slug].reasons == [
        f"Review due {TODAY + datetime.timedelta(days=10):%-d %b %Y}"
    ]
    assert list(rows) == [late.slug, soon.slug]  # overdue first
    set_due(soon, 20)  # past the 14 days looked ahead
    assert list(listed()) == [late.slug]
    Article.objects.filter(pk=late.pk).update(status=Status.DRAFT)  # drafts are not public
    assert listed() == {}


def votes(article, when, no, yes):
    for i in range(no + yes):
        vote = Vote.objects.create(article=article, visitor=f"{when:%j%H}-{i}", helpful=i >= no)
        Vote.objects.filter(pk=vote.pk).update(updated_at=when)


@pytest.fixture
def edited_ten_days_ago(editor_client, content):
    edit_symptom(editor_client)
    article = scenario_article()
    ArticleVersion.objects.filter(article=article).update(created_at=at(10))
    return article


def test_a_rising_didnt_help_share_lists_the_article(edited_ten_days_ago):
    article = edited_ten_days_ago
    votes(article, at(30), no=1, yes=4)  # 20% before the edit
    votes(article, at(2), no=3, yes=2)  # 60% of 5 since
    row = listed()[article.slug]
    assert row.reasons == ["“Didn't help” rose from 20% to 60% since the last edit"]
    assert (row.before.no, row.before.total, row.since.no, row.since.total) == (1, 5, 3, 5)
    assert not row.overdue


def test_too_few_votes_or_a_falling_share_does_not_list_it(edited_ten_days_ago, settings):
    article = edited_ten_days_ago
    votes(article, at(30), no=1, yes=4)
    votes(article, at(2), no=3, yes=1)  # 75%, but only 4 votes since
    assert article.slug not in listed()
    settings.KB_REVIEW_MIN_VOTES = 4
    assert article.slug in listed()
    Vote.objects.filter(helpful=False, updated_at__gte=at(10)).update(helpful=True)
    assert article.slug not in listed()  # 0% since: it fell


def test_fixture_content_compares_votes_around_its_publication(content):
    """Without versions, the last change is the publication: votes are all "since" it."""
    article = scenario_article()
    votes(article, at(2), no=5, yes=0)
    assert article.slug not in listed()  # nothing before to compare with


def test_mark_reviewed_sets_who_when_and_the_next_date_from_the_interval(content, editor):
    article = scenario_article()
    set_due(article, -1)
    Article.objects.filter(pk=article.pk).update(review_interval_days=30)
    assert mark_reviewed(Article.objects.all(), editor) == 2
    article.refresh_from_db()
    assert article.last_reviewed_by == editor
    assert timezone.now() - article.last_reviewed_at < datetime.timedelta(minutes=1)
    assert article.review_due_on == TODAY + datetime.timedelta(days=30)
    other = Article.objects.exclude(pk=article.pk).get()
    assert other.review_due_on == TODAY + datetime.timedelta(days=180)
    assert listed() == {}


def test_review_report_command_prints_the_list(content, capsys):
    article = scenario_article()
    set_due(article, -2)
    call_command("kb_review_report", base_url="https://kb.example.com/")
    out = capsys.readouterr().out
    assert "1 article(s) due for review" in out and article.title in out
    assert "Review overdue since" in out
    assert f"https://kb.example.com/admin/kb/article/{article.pk}/change/" in out
    mark_reviewed(Article.objects.all(), None)
    call_command("kb_review_report", quiet_when_empty=True)
    assert capsys.readouterr().out == ""


def test_the_migration_dates_existing_articles_from_their_last_change(content, editor_client):
    """Existing articles are first due one interval after their last change: the newest version
    (not a baseline), else publication; an article untouched for longer is due at once."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("kb.migrations.0010_article_review")
    edit_symptom(editor_client)
    edited = scenario_article()
    ArticleVersion.objects.filter(article=edited, kind=VersionKind.PUBLISH).update(
        created_at=at(200)
    )
    ArticleVersion.objects.filter(article=edited, kind=VersionKind.BASELINE).update(
        created_at=at(1)
    )
    Article.objects.update(review_due_on=TODAY)
    migration.first_due_dates(apps, None)
    edited.refresh_from_db()
    other = Article.objects.exclude(pk=edited.pk).get()
    assert edited.review_due_on == TODAY - datetime.timedelta(days=20)  # 200 days ago + 180
    assert other.review_due_on == datetime.date(2026, 11, 24) + datetime.timedelta(days=180)
    assert edited.slug in listed()
