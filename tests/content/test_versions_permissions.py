"""Who may do what with articles, their working copies and versions: edit (a working copy),
submit for review, send back, publish, restore, import and delete, for anonymous visitors,
staff without a role, editors (Editor group), reviewers (Reviewer group) and superusers.

Published content itself is read-only for everyone in the admin: only publishing changes it.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from kb.admin.roles import EDITOR_GROUP, REVIEWER_GROUP
from kb.content import review, working_copy
from kb.models import Article, Review, ReviewState, Scenario
from tests.admin.support import change_form_data

pytestmark = pytest.mark.django_db

SLUG = "contact-not-synced-pm"
NEW = """Printer Integration

Issue: Printer not found

Possible Solutions:
  • Go to Settings > Printers and click Add.
"""
ACTIONS = ["edit", "submit", "send_back", "publish", "restore", "import", "import_publish",
           "delete_copy", "delete_published"]  # fmt: skip
EDITOR = {"edit", "submit", "restore", "import", "delete_copy"}
ALLOWED = {
    "anonymous": set(),
    "staff": set(),
    "editor": EDITOR,
    "reviewer": set(ACTIONS),
    "superuser": set(ACTIONS),
}


def client_for(role):
    client = Client()
    if role == "anonymous":
        return client
    user = User.objects.create_user(role, is_staff=True, is_superuser=role == "superuser")
    group = {"editor": EDITOR_GROUP, "reviewer": REVIEWER_GROUP}.get(role)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


@pytest.fixture
def boss(db):
    return User.objects.create_superuser("boss", "boss@example.com", None)


def copy_of(article, boss, state=None):
    """The article's working copy (made by someone else), in review state `state`."""
    clone = working_copy.open_for(article, user=boss)
    if state == ReviewState.SUBMITTED and working_copy.review_of(clone).state != state:
        review.submit(clone, boss)
    return clone


def state_of(clone):
    return Review.objects.filter(article=clone).values_list("state", flat=True).first()


def did_edit(client, article, boss):
    clone = copy_of(article, boss)
    opened = client.post(f"/admin/kb/article/{article.pk}/working-copy/")
    scenario = working_copy.counterpart(Scenario.objects.get(slug=SLUG), clone)
    url = f"/admin/kb/scenario/{scenario.pk}/change/"
    page = client.get(url)
    if opened.status_code != 303 or page.status_code != 200:
        return False
    data = {**change_form_data(page), "symptom": "Edited by the matrix."}
    client.post(url, data)
    return Scenario.objects.get(pk=scenario.pk).symptom == "Edited by the matrix."


def did_submit(client, article, boss):
    clone = copy_of(article, boss)
    Review.objects.filter(article=clone).update(state=ReviewState.EDITING)
    client.post(f"/admin/kb/article/{clone.pk}/submit/", {"note": "ready"})
    return state_of(clone) == ReviewState.SUBMITTED


def did_send_back(client, article, boss):
    clone = copy_of(article, boss, ReviewState.SUBMITTED)
    client.post(f"/admin/kb/article/{clone.pk}/send-back/", {"comment": "Say why."})
    return state_of(clone) == ReviewState.SENT_BACK


def did_publish(client, article, boss):
    clone = copy_of(article, boss, ReviewState.SUBMITTED)
    scenario = working_copy.counterpart(Scenario.objects.get(slug=SLUG), clone)
    Scenario.objects.filter(pk=scenario.pk).update(symptom="Published by the matrix.")
    client.post(f"/admin/kb/article/{clone.pk}/publish/")
    return Scenario.objects.get(slug=SLUG).symptom == "Published by the matrix."


def did_restore(client, article, boss):
    public = Scenario.objects.get(slug=SLUG).symptom
    Article.objects.filter(pk__in=Review.objects.values("article")).delete()  # no copy yet
    client.post(f"/admin/kb/article/{article.pk}/versions/1/restore/")
    clone = working_copy.of(article)
    assert Scenario.objects.get(slug=SLUG).symptom == public  # public unchanged either way
    return clone is not None


def did_import(client, publish):
    data = {"source_text": NEW, "confirm": "1", **({"publish": "on"} if publish else {})}
    client.post("/admin/kb/import/", data)
    found = Article.objects.filter(slug="printer-integration").first()
    done = found is not None and found.is_published == publish
    Article.objects.filter(slug="printer-integration").delete()
    return done


def did_delete(client, obj):
    model = type(obj)
    client.post(f"/admin/kb/{model._meta.model_name}/{obj.pk}/delete/", {"post": "yes"})
    return not model._base_manager.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("role", list(ALLOWED))
def test_permission_matrix(role, content, boss):
    client, allowed = client_for(role), ALLOWED[role]
    article = Article.objects.get(issues__scenarios__slug=SLUG)
    done = {
        "edit": did_edit(client, article, boss),
        "submit": did_submit(client, article, boss),
        "send_back": did_send_back(client, article, boss),
        "publish": did_publish(client, article, boss),
        "restore": did_restore(client, article, boss),
        "import": did_import(client, publish=False),
        "import_publish": did_import(client, publish=True),
        "delete_copy": did_delete(client, copy_of(article, boss)),
    }
    # A published scenario is never deleted from the admin, not even by a superuser: it goes
    # in the working copy and is archived or deleted when that is published.
    assert not did_delete(client, Scenario.objects.get(slug=SLUG))
    done["delete_published"] = did_delete(client, article)
    assert {action for action, ok in done.items() if ok} == allowed


@pytest.mark.parametrize("role", ["anonymous", "staff", "editor", "reviewer", "superuser"])
def test_nobody_changes_published_content_by_posting_its_change_form(role, content):
    client = client_for(role)
    scenario = Scenario.objects.get(slug=SLUG)
    url = f"/admin/kb/scenario/{scenario.pk}/change/"
    page = client.get(url)
    data = change_form_data(page) if page.status_code == 200 else {}
    response = client.post(url, {**data, "symptom": "Straight onto the public page."})
    assert response.status_code in (302, 403) and "login" in response.get("Location", "login")
    assert Scenario.objects.get(pk=scenario.pk).symptom != "Straight onto the public page."


def test_deleting_a_published_article_deletes_its_working_copy(content, boss):
    client = client_for("reviewer")
    article = Article.objects.get(issues__scenarios__slug=SLUG)
    clone = copy_of(article, boss)
    assert did_delete(client, article)
    assert not Article.objects.filter(pk=clone.pk).exists()
