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
