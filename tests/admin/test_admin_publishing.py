"""Publish and unpublish from the article list (reviewers: kb.publish_article); drafts are for
staff eyes only, with a banner."""

import pytest

from kb.models import Article, Status

pytestmark = pytest.mark.django_db

SLUG = "tr-legal-tracker-integration"
SCENARIO = "/s/tr-webhook-not-configured/"


def run_action(client, action, *articles):
    return client.post(
        "/admin/kb/article/",
        {"action": action, "_selected_action": [a.pk for a in articles], "index": 0},
        follow=True,
    )


def test_unpublish_hides_the_article_from_the_public(reviewer_client, client, content):
    article = Article.objects.get(slug=SLUG)

    response = run_action(reviewer_client, "unpublish", article)

    assert b"Unpublished 1 article" in response.content
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.DRAFT, None)
    client.logout()
    assert client.get(SCENARIO).status_code == 404
    assert client.get(f"/articles/{SLUG}/").status_code == 404


def test_publish_makes_a_draft_public_and_stamps_published_at(reviewer_client, client, content):
    Article.objects.filter(slug=SLUG).update(status=Status.DRAFT, published_at=None)
    article = Article.objects.get(slug=SLUG)

    response = run_action(reviewer_client, "publish", article)

    assert b"Published 1 article" in response.content
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.published_at is not None
    client.logout()
    assert client.get(SCENARIO).status_code == 200


def test_publishing_is_recorded_in_history_with_who_did_it(reviewer_client, reviewer, content):
    Article.objects.filter(slug=SLUG).update(status=Status.DRAFT)
    article = Article.objects.get(slug=SLUG)

    run_action(reviewer_client, "publish", article)

    latest = article.history.latest()
    assert (latest.status, latest.history_user) == (Status.PUBLISHED, reviewer)
    version = article.versions.first()
    assert (version.kind, version.reviewer) == ("publish", reviewer)


@pytest.mark.parametrize(("action", "before"), [("publish", Status.DRAFT),
                                                ("unpublish", Status.PUBLISHED)])
def test_editors_without_the_publish_permission_cannot_publish_or_unpublish(
    editor_client, content, action, before
):
    Article.objects.filter(slug=SLUG).update(status=before)
    article = Article.objects.get(slug=SLUG)
    assert f'value="{action}"' not in editor_client.get("/admin/kb/article/").content.decode()

    response = run_action(editor_client, action, article)

    assert b"ublished 1 article" not in response.content
    article.refresh_from_db()
    assert article.status == before


def test_staff_see_drafts_with_a_draft_banner(editor_client, content):
    Article.objects.filter(slug=SLUG).update(status=Status.DRAFT)

    for url in (SCENARIO, f"/articles/{SLUG}/"):
        page = editor_client.get(url)
        assert page.status_code == 200
        assert b'class="draft-banner"' in page.content
        assert b"/admin/kb/" in page.content  # a link to edit it


def test_published_pages_have_no_draft_banner(editor_client, client, content):
    assert b"draft-banner" not in editor_client.get(SCENARIO).content
    client.logout()
    assert b"draft-banner" not in client.get(SCENARIO).content


def test_a_reviewer_publishing_a_draft_in_its_form_stamps_published_at_an_editor_cannot(
    editor_client, reviewer_client, content
):
    from .support import change_form_data, errors_of

    Article.objects.filter(slug=SLUG).update(status=Status.DRAFT, published_at=None)
    article = Article.objects.get(slug=SLUG)
    url = f"/admin/kb/article/{article.pk}/change/"
    data = change_form_data(editor_client.get(url))
    assert "status" not in data  # read-only for an editor: publishing goes through review
    data["status"] = Status.PUBLISHED
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.DRAFT, None)

    data = change_form_data(reviewer_client.get(url))
    data["status"] = Status.PUBLISHED
    assert reviewer_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.published_at is not None


@pytest.fixture
def viewer_client(django_user_model):
    """Staff who may read articles in the admin but not change them (no Editor role)."""
    from django.contrib.auth.models import Permission
    from django.test import Client

    user = django_user_model.objects.create_user("vera", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("action", "before"), [("publish", Status.DRAFT),
                                                ("unpublish", Status.PUBLISHED)])
def test_staff_who_may_only_view_articles_cannot_publish_or_unpublish(
    viewer_client, client, content, action, before
):
    Article.objects.filter(slug=SLUG).update(status=before)
    article = Article.objects.get(slug=SLUG)
    changelist = viewer_client.get("/admin/kb/article/")
    assert changelist.status_code == 200  # the viewer does reach the list
    assert f'value="{action}"' not in changelist.content.decode()  # but is not offered it

    response = run_action(viewer_client, action, article)

    assert response.status_code in (200, 403)
    assert b"ublished 1 article" not in response.content
    article.refresh_from_db()
    assert article.status == before
