"""Every POST without a valid CSRF token is refused with 403, on every endpoint of the URLconf.

The endpoints come from walking the URLconf (tests/security/urlconf_walk.py), so an endpoint added
later (or a view someone marks csrf_exempt) is covered without editing this file. The feedback
endpoint's rate limit (429, shared by worker processes) is proven in
tests/feedback/test_feedback_ratelimit.py and tests/feedback/test_feedback_ratelimit_processes.py.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from .urlconf_walk import endpoints

CSRF_REFUSAL = b"Your session expired"  # kb.views.errors.csrf_failure

# Endpoints that take a POST in normal use; the walk must find each of them, so the test
# cannot pass by walking nothing.
KNOWN_POST_ENDPOINTS = {
    "kb:vote",
    "kb:step_check",
    "kb:step_outcome",
    "kb:checklist_reset",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:kb_article_add",
    "admin:kb_article_change",
    "admin:kb_scenario_change",
    "admin:kb_vote_delete",
    "admin:auth_user_change",
    "kb_admin_import",
}


@pytest.fixture
def staff_client(db):
    user = get_user_model().objects.create_superuser(
        "csrf-admin", "a@example.com", "pw-Quite-Long-1"
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_the_walk_finds_every_known_post_endpoint():
    found = {e.name for e in endpoints()}
    assert KNOWN_POST_ENDPOINTS <= found, KNOWN_POST_ENDPOINTS - found


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_every_post_without_a_token_is_refused_403(db, staff_client, who):
    client = staff_client if who == "staff" else Client(enforce_csrf_checks=True)
    accepted = []
    for endpoint in endpoints():
        for extra in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.post(endpoint.path, {"helpful": "yes", "done": "1"}, **extra)
            if response.status_code != 403 or CSRF_REFUSAL not in response.content:
                accepted.append((endpoint.name, endpoint.path, response.status_code))
    assert accepted == []


def test_a_forged_token_is_refused_too(db):
    client = Client(enforce_csrf_checks=True)
    client.get("/")  # the site sets its CSRF cookie
    response = client.post(
        "/feedback/vote/", {"helpful": "yes", "csrfmiddlewaretoken": "x" * 64},
        HTTP_X_CSRFTOKEN="y" * 64,
    )
    assert response.status_code == 403
    assert CSRF_REFUSAL in response.content


def test_a_valid_token_gets_past_the_csrf_check(staff_client):
    """The control: the refusals above are the CSRF check's, not the views' own."""
    staff_client.get("/admin/")
    token = staff_client.cookies["csrftoken"].value
    response = staff_client.post(
        "/admin/kb/system/add/",
        {"name": "Legal Hold Pro", "slug": "legal-hold-pro", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
