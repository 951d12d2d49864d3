"""The public pages' content kept per content version (kb/content/page_cache.py): a page served
from it shows exactly what a page built afresh shows, an edit shows at once, and staff (who see
drafts) never get a cached page."""

import sys
from pathlib import Path

import pytest

from kb.content import page_cache
from kb.models import Article, Scenario, SolutionStep, Status
from tests.conftest import ALL_SLUGS, CATALOGUE
from tests.feedback.support import as_visitor, new_visitor

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from page_html import normalized  # noqa: E402  (bench/page_html.py: CSRF tokens, nonces blanked)

PAGES = ["/", "/articles/", *(f"/articles/{a}/" for a in CATALOGUE), *(f"/s/{s}/" for s in ALL_SLUGS)]


@pytest.fixture
def cached(settings, content):
    """The production setting for the home page's ranked list (tests rank it on every view);
    the feed checked as rarely as in production, so only the edit's own commit moves the
    content version."""
    settings.KB_COMMON_PROBLEMS_SECONDS = 30
    settings.KB_SEARCH_CATCHUP_SECONDS = 60
    page_cache.clear()


def _html(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return normalized(response.content.decode())


@pytest.mark.parametrize("returning", [True, False], ids=["returning visitor", "new visitor"])
def test_a_cached_page_shows_what_a_page_built_afresh_shows(client, cached, monkeypatch, returning):
    if returning:
        as_visitor(client, new_visitor())
    served = {path: [_html(client, path), _html(client, path)] for path in PAGES}
    monkeypatch.setattr(page_cache, "cacheable", lambda request: False)
    for path, (first, second) in served.items():
        afresh = _html(client, path)
        assert first == afresh, path
        assert second == afresh, path


def test_an_edit_shows_at_once_on_every_page(client, cached, django_capture_on_commit_callbacks):
    scenario = Scenario.objects.get(slug="matter-not-synced-pm")
    article = scenario.issue.article
    for path in PAGES:
        client.get(path)  # everything cached
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Wombat Accounting Integration"
        article.save()
        step = scenario.steps.order_by("order").first()
        step.text = "Open the wombat settings page."
        step.save()
    for path in ["/", "/articles/", article.get_absolute_url(), scenario.get_absolute_url()]:
        assert "Wombat Accounting Integration" in client.get(path).content.decode(), path
    assert "wombat settings page" in client.get(scenario.get_absolute_url()).content.decode()


def test_an_article_without_scenarios_shows_once_published(transactional_db, client, cached):
    # Real commits (transactional_db): each save is its own transaction, as in the admin.
    article = Article.objects.create(slug="empty-one", title="Wombat Guide")
    assert "Wombat Guide" not in client.get("/articles/").content.decode()
    article.status = Status.PUBLISHED
    article.save()
    assert "Wombat Guide" in client.get("/articles/").content.decode()
    assert client.get("/articles/empty-one/").status_code == 200


def test_unpublished_content_leaves_the_cache_and_staff_see_drafts(
    client, admin_client, cached, django_capture_on_commit_callbacks
):
    scenario = Scenario.objects.get(slug="tr-webhook-not-configured")
    url = scenario.get_absolute_url()
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        article = scenario.issue.article
        article.status = Status.DRAFT
        article.save()
    assert client.get(url).status_code == 404
    staff = admin_client.get(url)
    assert staff.status_code == 200 and "draft" in staff.content.decode().lower()
    assert client.get(url).status_code == 404  # the staff view was not cached for anyone


def test_a_step_added_in_the_admin_way_shows_on_the_next_view(
    client, cached, django_capture_on_commit_callbacks
):
    scenario = Scenario.objects.get(slug="user-not-matched")
    client.get(scenario.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        SolutionStep.objects.create(
            scenario=scenario, ref=f"{scenario.slug}/9", order=9, kind="step",
            text="Ask the wombat administrator to match the user.",
        )  # fmt: skip
    assert "wombat administrator" in client.get(scenario.get_absolute_url()).content.decode()


def test_one_visitors_ticks_and_outcomes_never_show_to_another(client, cached, monkeypatch):
    from django.test import Client

    url = "/s/matter-not-synced-pm/"
    ticked = as_visitor(client, new_visitor())
    ticked.post("/steps/matter-not-synced-pm/1/check", {"done": "1"})
    ticked.post("/steps/matter-not-synced-pm/3/outcome", {"outcome": "fixed"})
    ticked.post("/steps/matter-not-synced-pm/4/outcome", {"outcome": "not_helpful"})
    ticked.post("/steps/matter-not-synced-pm/4.2/check", {"done": "1"})
    other = as_visitor(Client(), new_visitor())
    pages = {"ticked": _html(ticked, url), "other": _html(other, url)}
    again = {"ticked": _html(ticked, url), "other": _html(other, url), "new": _html(Client(), url)}
    monkeypatch.setattr(page_cache, "cacheable", lambda request: False)
    afresh = {"ticked": _html(ticked, url), "other": _html(other, url), "new": _html(Client(), url)}
    assert pages["ticked"] == again["ticked"] == afresh["ticked"]
    assert pages["other"] == again["other"] == afresh["other"]
    assert again["new"] == afresh["new"]
    assert pages["ticked"].count("is-done") == 4 and "outcome-fixed" in pages["ticked"]
    assert "is-done" not in pages["other"] and "is-done" not in again["new"]


def test_a_cached_vote_widget_carries_each_visitors_own_token(cached):
    import re
    from urllib.parse import unquote

    from django.contrib.auth.models import AnonymousUser
    from django.test import Client

    from kb.feedback.votes import read_token

    scenario = Scenario.objects.get(slug="contact-not-synced-la")
    for _ in range(3):  # the first builds the widget, the others are served from the cache
        visitor = new_visitor()
        client = as_visitor(Client(), visitor)
        html = client.get(scenario.get_absolute_url()).content.decode()
        tokens = set(re.findall(r'name="token" value="([^"]+)"', html))
        linked = {unquote(t) for t in re.findall(r"token=([^&\"]+)", html)}
        assert len(tokens) == 1 and tokens >= linked, (tokens, linked)
        target = read_token(tokens.pop(), visitor, AnonymousUser())
        assert target is not None and target.scenario == scenario
        assert "vt:" not in html and "csrf-" not in html  # no placeholder left
