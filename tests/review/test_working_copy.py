"""Editing a published article edits its working copy: the public page, search, the API and
every list keep the published text until a reviewer publishes it, then show the new one."""

import pytest
from django.test import Client

from kb.models import Article, ArticleVersion, Review, Scenario, VersionKind
from tests.admin.support import change_form_data, open_working_copy, publish_working_copy

pytestmark = pytest.mark.django_db

SLUG = "contact-not-synced-pm"
OLD_WORD = "Synchronisation"


def edit_symptom(client, scenario, text):
    url = f"/admin/kb/scenario/{scenario.pk}/change/"
    data = change_form_data(client.get(url))
    data["symptom"] = text
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]


def public_texts(client: Client, slug: str, article_slug: str) -> dict:
    """What an anonymous visitor sees: scenario page, article page, lists."""
    return {
        "scenario": client.get(f"/s/{slug}/").content.decode(),
        "article": client.get(f"/articles/{article_slug}/").content.decode(),
        "home": client.get("/").content.decode(),
        "articles": client.get("/articles/").content.decode(),
    }


def found_by_search(client: Client, query: str, slug: str) -> tuple[bool, bool]:
    """Whether the search page and the search API list scenario `slug` for `query`."""
    page = client.get("/search", {"q": query}).content.decode()
    api = client.get("/api/search", {"q": query}).json()
    return f"/s/{slug}/" in page, any(slug in str(hit) for hit in api.get("results", []))


def test_published_content_is_read_only_and_edit_opens_a_working_copy(content, editor_client):
    scenario = Scenario.objects.get(slug=SLUG)
    url = f"/admin/kb/scenario/{scenario.pk}/change/"
    page = editor_client.get(url)
    assert b"Edit working copy" in page.content and b'name="_save"' not in page.content
    data = change_form_data(page) if b'name="symptom"' in page.content else {"symptom": "x"}
    assert editor_client.post(url, {**data, "symptom": "Hijacked"}).status_code == 403
    assert Scenario.objects.get(pk=scenario.pk).symptom != "Hijacked"

    clone = open_working_copy(editor_client, scenario)
    assert clone.pk != scenario.pk and clone.slug != scenario.slug
    assert clone.title == scenario.title and clone.symptom == scenario.symptom
    article = clone.issue.article
    assert not article.is_published
    assert Review.objects.get(article=article).working_copy_of == scenario.issue.article
    # Clicking again opens the same working copy.
    assert open_working_copy(editor_client, scenario).pk == clone.pk


def test_public_sees_published_text_until_publish(content, editor_client, reviewer_client):
    scenario = Scenario.objects.get(slug=SLUG)
    article_slug = scenario.issue.article.slug
    anonymous = Client()
    assert found_by_search(anonymous, "zebracrossing", SLUG) == (False, False)

    clone = open_working_copy(editor_client, scenario)
    edit_symptom(editor_client, clone, "Contacts stop at the zebracrossing gate.")

    assert found_by_search(anonymous, "zebracrossing", SLUG) == (False, False)
    assert found_by_search(editor_client, "zebracrossing", clone.slug) == (False, False)
    during = public_texts(anonymous, SLUG, article_slug)
    for page, text in during.items():
        assert "zebracrossing" not in text, page
        assert "-wc" not in text, page  # no working copy slug leaks into a public page
    staff_view = editor_client.get(f"/s/{SLUG}/").content.decode()
    assert "zebracrossing" not in staff_view
    assert editor_client.get(f"/s/{clone.slug}/").status_code == 404

    preview = editor_client.get(f"/admin/kb/article/{clone.issue.article_id}/preview/{clone.pk}/")
    assert "zebracrossing" in preview.content.decode()
    assert "Preview of working copy" in preview.content.decode()
    compare = editor_client.get(f"/admin/kb/article/{clone.issue.article_id}/compare-published/")
    assert (
        "<ins>zebracrossing" in compare.content.decode()
        or "zebracrossing" in compare.content.decode()
    )

    response = publish_working_copy(reviewer_client, clone.issue.article)
    assert response.status_code == 303
    after = public_texts(anonymous, SLUG, article_slug)
    assert "zebracrossing" in after["scenario"]
    assert found_by_search(anonymous, "zebracrossing", SLUG) == (True, True)
    assert not Article.objects.filter(pk=clone.issue.article_id).exists()
    version = ArticleVersion.objects.filter(article__slug=article_slug).first()
    assert version.kind == VersionKind.PUBLISH and version.reviewer.username == "rita"
    assert Scenario.objects.get(slug=SLUG).pk == scenario.pk
