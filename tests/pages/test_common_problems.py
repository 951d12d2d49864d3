"""The home page's "Common problems": editors' pins, then recent use, then published order."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from kb.models import (
    Article,
    Issue,
    Outcome,
    PageView,
    Scenario,
    SolutionStep,
    Status,
    StepOutcome,
    Vote,
)


def common_titles(client) -> list[str]:
    html = client.get("/").content.decode()
    section = re.search(r'<section aria-labelledby="helpful-title">.*?</section>', html, re.S)
    return re.findall(r'<a href="/s/[^"]+/">([^<]+)</a>', section.group(0))


@pytest.fixture
def seeded_last_month(content):
    """The seed articles as if published weeks ago, the TR one first."""
    now = timezone.now()
    Article.objects.filter(slug="tr-legal-tracker-integration").update(
        published_at=now - timedelta(days=60)
    )
    Article.objects.filter(slug="legal-accounting-integration").update(
        published_at=now - timedelta(days=40)
    )


@pytest.fixture
def imported_yesterday(seeded_last_month):
    article = Article.objects.create(
        slug="aardvark-import", title="Aardvark import", status=Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    issue = Issue.objects.create(article=article, slug="aardvark-issue", title="Aardvark issue")
    return Scenario.objects.create(issue=issue, slug="aardvark-a", title="Aardvark fails")


def fix(scenario, visitor, days_ago=0):
    step = SolutionStep.objects.filter(scenario=scenario).first()
    outcome = StepOutcome.objects.create(step=step, visitor=visitor, outcome=Outcome.FIXED)
    StepOutcome.objects.filter(pk=outcome.pk).update(
        updated_at=timezone.now() - timedelta(days=days_ago)
    )


def test_without_usage_a_just_imported_article_does_not_come_first(client, imported_yesterday):
    titles = common_titles(client)
    tr = Scenario.objects.filter(issue__article__slug="tr-legal-tracker-integration")
    first_tr = tr.order_by("issue__order", "order", "id")[0]
    assert titles[0] == first_tr.title  # the article published first, in its own order
    assert imported_yesterday.title not in titles


def test_pinned_scenarios_come_first_even_before_used_ones(client, seeded_last_month):
    used = Scenario.objects.get(slug="tr-webhook-not-configured")
    for visitor in "abc":
        fix(used, visitor)
    Scenario.objects.filter(slug="user-not-matched").update(pinned=True)
    titles = common_titles(client)
    assert titles[:2] == [
        Scenario.objects.get(slug="user-not-matched").title,
        used.title,
    ]


def test_recent_fixes_and_views_rank_above_unused_ones(client, seeded_last_month):
    viewed = Scenario.objects.get(slug="time-entry-cannot-save")
    fixed = Scenario.objects.get(slug="user-not-matched")
    PageView.objects.create(
        article=viewed.issue.article, scenario=viewed, day=timezone.localdate(), count=3
    )
    fix(fixed, "a")
    Vote.objects.create(article=fixed.issue.article, scenario=fixed, visitor="b", helpful=True)
    titles = common_titles(client)
    assert titles[:2] == [fixed.title, viewed.title]
    assert "fixed it for 2 visitors this month" in client.get("/").content.decode()


def test_old_use_decays_and_use_past_thirty_days_is_forgotten(client, seeded_last_month):
    recent = Scenario.objects.get(slug="user-not-matched")
    older = Scenario.objects.get(slug="time-entry-cannot-save")
    forgotten = Scenario.objects.get(slug="contact-wrong-numbering-stream")
    fix(recent, "a", days_ago=1)
    for visitor in "ab":
        fix(older, visitor, days_ago=20)  # two fixes, three half-lives ago
    for visitor in "abcdef":
        fix(forgotten, visitor, days_ago=45)
    titles = common_titles(client)
    assert titles[:2] == [recent.title, older.title]
    assert forgotten.title not in titles[:2]


def test_editors_can_pin_a_scenario_in_the_admin(admin_client, client, content):
    from tests.admin.support import change_form_data, publish_now, working_copy_url

    url, copy = working_copy_url(admin_client, "user-not-matched")
    page = admin_client.get(url)
    assert 'name="pinned"' in page.content.decode()
    data = {**change_form_data(page), "pinned": "on"}
    assert admin_client.post(url, data).status_code == 302
    assert not Scenario.objects.get(slug="user-not-matched").pinned  # until published
    publish_now(copy)  # the pin is not in a version's snapshot, yet publishing keeps it
    assert Scenario.objects.get(slug="user-not-matched").pinned
    assert common_titles(client)[0] == copy.title
    listing = admin_client.get("/admin/kb/scenario/?pinned__exact=1")
    assert listing.status_code == 200
