"""Who may do what in the admin: editors edit content, nobody else does, and guessing stops."""

import pytest
from django.conf import settings
from django.test import Client

from kb.models import Article, Scenario

from .support import (
    PASSWORD,
    change_form_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plain_staff_client(django_user_model):
    """Staff (may open the admin) but in no group: a separate browser from editor_client."""
    user = django_user_model.objects.create_user("sam", password=PASSWORD, is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def test_editor_can_edit_content_and_synonyms_and_only_read_feedback(editor):
    assert editor.has_perms(
        [
            "kb.change_article",
            "kb.add_scenario",
            "kb.change_solutionstep",
            "kb.delete_solutionstep",
            "kb.change_synonym",
        ]
    )
    assert editor.has_perm("kb.view_vote") and not editor.has_perm("kb.change_vote")
    assert not editor.has_perm("kb.delete_searchlog")


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]
)
def test_editor_cannot_reach_user_management(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_editor_does_not_see_user_management_on_the_admin_index(editor_client):
    page = editor_client.get("/admin/")
    assert page.status_code == 200
    assert b"/admin/kb/scenario/" in page.content
    assert b"/admin/auth/user/" not in page.content


def test_staff_without_the_editor_role_cannot_open_or_change_content(
    plain_staff_client, editor_client, content
):
    article = Article.objects.get(slug="tr-legal-tracker-integration")
    url = f"/admin/kb/article/{article.pk}/change/"
    data = change_form_data(editor_client.get(url))
    data["title"] = "Hijacked"

    assert plain_staff_client.get("/admin/kb/scenario/").status_code == 403
    assert plain_staff_client.get(url).status_code == 403
    assert plain_staff_client.post(url, data).status_code == 403
    article.refresh_from_db()
    assert article.title == "TR Integration Failure"


def test_staff_without_the_editor_role_cannot_publish_or_unpublish(plain_staff_client, content):
    article = Article.objects.get(slug="tr-legal-tracker-integration")
    response = plain_staff_client.post(
        "/admin/kb/article/",
        {"action": "unpublish", "_selected_action": [article.pk], "index": 0},
    )
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).is_published


@pytest.mark.slow
def test_sign_in_locks_after_repeated_failures_even_with_the_right_password(client, editor):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit):
        client.post("/admin/login/?next=/admin/", {"username": "edna", "password": "guess"})

    response = client.post("/admin/login/?next=/admin/", {"username": "edna", "password": PASSWORD})

    assert response.status_code == 429
    assert b"Sign-in temporarily locked" in response.content
    assert b"Try again in" in response.content
    assert client.get("/admin/").status_code == 302  # still signed out


@pytest.mark.slow
def test_sign_in_works_before_the_limit_is_reached(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/admin/login/?next=/admin/", {"username": "edna", "password": "guess"})

    response = client.post("/admin/login/?next=/admin/", {"username": "edna", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_editor_can_add_a_scenario_to_a_working_copy_not_to_published_content(
    editor_client, content
):
    from kb.models import Issue

    from .support import errors_of, open_working_copy

    published = Issue.objects.filter(article__slug="tr-legal-tracker-integration").first()
    data = change_form_data(editor_client.get("/admin/kb/scenario/add/"))
    data.update(issue=published.pk, title="Hold notice bounced", slug="")
    refused = editor_client.post("/admin/kb/scenario/add/", data)
    assert refused.status_code == 200 and "working copy" in errors_of(refused)
    assert not Scenario.objects.filter(title="Hold notice bounced").exists()

    data["issue"] = open_working_copy(editor_client, published).pk
    assert editor_client.post("/admin/kb/scenario/add/", data).status_code == 302
    assert Scenario.objects.filter(slug="hold-notice-bounced").exists()


def test_editor_reads_feedback_in_the_admin_but_cannot_change_it(editor_client, content):
    from kb.models import Vote

    scenario = Scenario.objects.get(slug="tr-webhook-not-configured")
    vote = Vote.objects.create(
        article=scenario.issue.article, scenario=scenario, visitor="v1", helpful=False
    )

    assert editor_client.get("/admin/kb/vote/").status_code == 200
    response = editor_client.post(
        "/admin/kb/vote/",
        {"action": "delete_selected", "_selected_action": [vote.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302, 403)
    assert Vote.objects.filter(pk=vote.pk).exists()
