"""Helpers for driving the admin with the test client: users in roles, and form round-trips.

Its fixtures are registered for the whole suite (pytest_plugins in tests/conftest.py): the
admin tests here and the security tests (tests/security/) sign in with the same users.
"""

import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from kb.admin.roles import EDITOR_GROUP

# The admin form round trip is bench's (bench/support.py), one copy for tests and benchmarks.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from support import change_form_data  # noqa: E402, F401

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def editor(django_user_model, db):
    user = django_user_model.objects.create_user("edna", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def inline_rows(data: dict, prefix: str) -> list[str]:
    """The prefixes (e.g. "steps-0") of an inline's existing rows, in page order."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    return [f"{prefix}-{i}" for i in range(total)]


def add_inline_row(data: dict, prefix: str, **fields) -> str:
    """Append a new inline row ("Add another") with `fields`; returns its prefix."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    row = f"{prefix}-{total}"
    for name, value in fields.items():
        data[f"{row}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    return row


def errors_of(response) -> str:
    """Every error message on an admin form page, as one string (for readable assertions)."""
    messages = []
    adminform = response.context.get("adminform")
    if adminform is not None:
        for field_errors in adminform.form.errors.values():
            messages.extend(field_errors)
    for inline in response.context.get("inline_admin_formsets", []):
        for form_errors in inline.formset.errors:
            for field_errors in form_errors.values():
                messages.extend(field_errors)
        messages.extend(inline.formset.non_form_errors())
    return " | ".join(str(m) for m in messages)


@pytest.fixture
def reviewer(django_user_model, db):
    from kb.admin.roles import REVIEWER_GROUP

    user = django_user_model.objects.create_user("rita", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user


def open_working_copy(client, obj):
    """Click "Edit working copy" on the page of published `obj`; returns the working copy's
    row that continues it (the article, issue, scenario or step) from the redirect."""
    from kb.admin.review import article_of

    article = article_of(obj)
    target = f"{type(obj)._meta.model_name}-{obj.pk}"
    response = client.post(
        f"/admin/kb/article/{article.pk}/working-copy/", {"target": target}
    )
    assert response.status_code == 303, response.status_code
    pk = int(response["Location"].rstrip("/").split("/")[-2])
    return type(obj)._base_manager.get(pk=pk)


def publish_working_copy(client, clone, **extra):
    """Click "Publish" on the working copy's page; returns the response."""
    return client.post(f"/admin/kb/article/{clone.pk}/publish/", extra)


def working_copy_url(client, slug):
    """The change page of the working copy of published scenario `slug` (opened by `client`),
    and that working copy's scenario."""
    from kb.models import Scenario

    clone = open_working_copy(client, Scenario.objects.get(slug=slug))
    return f"/admin/kb/scenario/{clone.pk}/change/", clone


def publish_now(obj):
    """Publish the working copy (or draft) `obj` belongs to, as a reviewer would."""
    from kb.admin.review import article_of
    from kb.content.publishing import publish

    return publish(article_of(obj))


@pytest.fixture
def reviewer_client(reviewer):
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    return client
