"""Who may do what with articles and their versions: edit, see versions, restore, import and
delete, for anonymous visitors, staff without a role, editors (the Editor group) and superusers.
There is no reviewer role in this project (kb/roles.py has the Editor group only)."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from kb.models import ArticleVersion, Scenario
from kb.admin.roles import EDITOR_GROUP

from tests.admin.support import change_form_data

pytestmark = pytest.mark.django_db

SLUG = "contact-not-synced-pm"
NEW = """Printer Integration

Issue: Printer not found

Possible Solutions:
  • Go to Settings > Printers and click Add.
"""


def client_for(role, name=None):
    client = Client()
    if role == "anonymous":
        return client
    user = User.objects.create_user(
        name or role, is_staff=True, is_superuser=role == "superuser"
    )
    if role == "editor":
        user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client.force_login(user)
    return client


@pytest.fixture
def versioned(content):
    """The scenario's article with two versions (its baseline and one edit by a superuser)."""
    admin = client_for("superuser", name="first-admin")
    scenario = Scenario.objects.get(slug=SLUG)
    url = f"/admin/kb/scenario/{scenario.pk}/change/"
    data = change_form_data(admin.get(url))
    data["symptom"] = "Edited once."
    assert admin.post(url, data).status_code == 302
    return scenario


def edit(client, scenario):
    url = f"/admin/kb/scenario/{scenario.pk}/change/"
    page = client.get(url)
    if page.status_code != 200:
        return page.status_code
    data = change_form_data(page)
    data["symptom"] = "Edited by the matrix."
    return client.post(url, data).status_code


ALLOWED = {"anonymous": False, "staff": False, "editor": True, "superuser": True}


@pytest.mark.parametrize("role", list(ALLOWED))
def test_permission_matrix(role, versioned):
    client, allowed = client_for(role), ALLOWED[role]
    article = versioned.issue.article
    denied = {302, 403}  # anonymous: to the sign-in page; staff without the permission: 403

    status = edit(client, versioned)
    assert (status == 302 and Scenario.objects.get(pk=versioned.pk).symptom.startswith(
        "Edited by")) if allowed else status in denied, ("edit", status)  # fmt: skip

    versions_page = client.get(f"/admin/kb/article/{article.pk}/versions/")
    assert (versions_page.status_code == 200) == allowed, ("versions", versions_page.status_code)

    before = ArticleVersion.objects.filter(article=article).count()
    restore = client.post(f"/admin/kb/article/{article.pk}/versions/1/restore/")
    after = ArticleVersion.objects.filter(article=article).count()
    if allowed:
        assert restore.status_code == 303 and after == before + 1, "restore"
        assert Scenario.objects.get(pk=versioned.pk).symptom != "Edited once."
    else:
        assert restore.status_code in denied and after == before, ("restore", restore.status_code)

    imported = client.post("/admin/kb/import/", {"source_text": NEW, "confirm": "1"})
    exists = article.__class__.objects.filter(slug="printer-integration").exists()
    assert exists == allowed, ("import", imported.status_code)

    deleted = client.post(f"/admin/kb/scenario/{versioned.pk}/delete/", {"post": "yes"})
    gone = not Scenario.objects.filter(pk=versioned.pk).exists()
    assert gone == allowed, ("delete", deleted.status_code)
    if allowed:  # deleting a scenario is itself a version of its article
        assert ArticleVersion.objects.filter(article=article).first().message.startswith(
            "Deleted scenario"
        )
