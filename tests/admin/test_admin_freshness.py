"""The admin's review pages: "Due for review" and "Mark reviewed" for each role, refused without
CSRF or by GET, bad ids a 404; the article list's action, column and filter; the interval field."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.utils import timezone

from kb.admin.roles import EDITOR_GROUP
from kb.models import Article
from tests.admin.support import change_form_data, errors_of, open_working_copy

pytestmark = pytest.mark.django_db

DUE_URL = "/admin/kb/article/due-for-review/"
TODAY = timezone.localdate()


def client_for(role):
    client = Client()
    if role == "anonymous":
        return client, None
    user = User.objects.create_user(role, is_staff=True, is_superuser=role == "superuser")
    if role == "editor":
        user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    if role == "viewer":  # may read articles, not change them
        user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    return client, user


@pytest.fixture
def overdue(content):
    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(review_due_on=TODAY - datetime.timedelta(days=1))
    return article


def mark_url(article):
    return f"/admin/kb/article/{article.pk}/mark-reviewed/"


@pytest.mark.parametrize(
    "role, page_status, mark_status, marked",
    [
        ("anonymous", 302, 302, False),  # the sign-in page
        ("staff", 403, 403, False),  # staff with no permission
        ("viewer", 403, 403, False),  # view_article only
        ("editor", 200, 303, True),
        ("superuser", 200, 303, True),
    ],
)
def test_who_may_see_the_list_and_mark_reviewed(overdue, role, page_status, mark_status, marked):
    client, user = client_for(role)
    page = client.get(DUE_URL)
    assert page.status_code == page_status
    if role == "anonymous":
        assert "/admin/login/" in page["Location"]
    response = client.post(mark_url(overdue))
    assert response.status_code == mark_status
    overdue.refresh_from_db()
    assert (overdue.last_reviewed_by == user and user is not None) is marked
    if marked:
        assert response["Location"] == DUE_URL
        assert overdue.review_due_on == TODAY + datetime.timedelta(days=180)
        assert "Marked “" in client.get(DUE_URL).content.decode()
    else:
        assert overdue.review_due_on < TODAY and overdue.last_reviewed_at is None


def test_the_list_shows_why_links_and_the_button(editor_client, overdue):
    html = editor_client.get(DUE_URL).content.decode()
    assert "Review overdue since" in html
    assert f'href="/admin/kb/article/{overdue.pk}/versions/"' in html
    assert f'href="/admin/kb/article/{overdue.pk}/change/"' in html
    assert f'href="{overdue.get_absolute_url()}"' in html
    assert f'action="{mark_url(overdue)}"' in html and "csrfmiddlewaretoken" in html
    other = Article.objects.exclude(pk=overdue.pk).get()
    assert f'id="due-{other.pk}"' not in html  # due in 180 days: not listed


def test_within_widens_the_list_and_bad_values_are_a_400(editor_client, overdue):
    other = Article.objects.exclude(pk=overdue.pk).get()
    assert f'id="due-{other.pk}"' in editor_client.get(DUE_URL, {"within": "200"}).content.decode()
    for bad in ["x", "-1", "9999", "1e3"]:
        response = editor_client.get(DUE_URL, {"within": bad})
        assert response.status_code == 400, bad
        assert f'id="due-{overdue.pk}"' in response.content.decode()  # the default list still


def test_mark_reviewed_keeps_the_chosen_horizon(editor_client, overdue):
    response = editor_client.post(mark_url(overdue), {"within": "60"})
    assert response["Location"] == f"{DUE_URL}?within=60"


def test_mark_reviewed_refuses_get_and_a_missing_csrf_token(overdue, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get(mark_url(overdue)).status_code == 405
    assert client.post(mark_url(overdue)).status_code == 403
    overdue.refresh_from_db()
    assert overdue.last_reviewed_at is None


@pytest.mark.parametrize("object_id", ["abc", "1x", "99999", "%20"])
def test_bad_article_ids_are_a_404(editor_client, overdue, object_id):
    assert editor_client.post(f"/admin/kb/article/{object_id}/mark-reviewed/").status_code == 404


def test_list_action_column_and_filter(editor_client, editor, overdue):
    html = editor_client.get("/admin/kb/article/").content.decode()
    assert (
        "Review due" in html
        and "(due)" in html
        and 'href="/admin/kb/article/due-for-review/"' in html
    )
    only_overdue = editor_client.get("/admin/kb/article/", {"review_due": "overdue"})
    assert [a.pk for a in only_overdue.context["cl"].result_list] == [overdue.pk]
    later = editor_client.get("/admin/kb/article/", {"review_due": "later"})
    assert overdue.pk not in [a.pk for a in later.context["cl"].result_list]
    response = editor_client.post(
        "/admin/kb/article/",
        {"action": "mark_reviewed", "_selected_action": [a.pk for a in Article.objects.all()]},
    )
    assert response.status_code == 302
    assert set(Article.objects.values_list("last_reviewed_by", flat=True)) == {editor.pk}
    assert not Article.objects.filter(review_due_on__lte=TODAY).exists()


def test_a_viewer_has_no_mark_reviewed_action(overdue):
    client, _ = client_for("viewer")
    page = client.get("/admin/kb/article/")
    assert page.status_code == 200 and "mark_reviewed" not in page.content.decode()


def test_a_shorter_interval_moves_the_due_date_unless_a_date_is_set(editor_client, overdue):
    """Set in the published article's working copy, review dates apply to it at once."""
    clone = open_working_copy(editor_client, overdue)
    url = f"/admin/kb/article/{clone.pk}/change/"
    data = change_form_data(editor_client.get(url))
    data["review_interval_days"] = "30"
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    overdue.refresh_from_db()
    assert overdue.review_due_on == timezone.localdate(overdue.created_at) + datetime.timedelta(30)
    data = change_form_data(editor_client.get(url))
    data["review_interval_days"] = "7"
    data["review_due_on"] = "2030-01-02"
    assert editor_client.post(url, data).status_code == 302
    overdue.refresh_from_db()
    assert (overdue.review_interval_days, str(overdue.review_due_on)) == (7, "2030-01-02")


def test_the_admin_index_links_the_review_list_for_editors(editor_client, overdue):
    assert (
        'href="/admin/kb/article/due-for-review/"' in editor_client.get("/admin/").content.decode()
    )
    client, _ = client_for("viewer")
    assert "due-for-review" not in client.get("/admin/").content.decode()
