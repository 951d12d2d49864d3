"""Every feedback POST needs a valid CSRF token; the page's own form carries one."""

import re

import pytest
from django.test import Client

from kb.models import Scenario, Vote
from tests.feedback.support import as_visitor, new_visitor, vote_data


@pytest.fixture
def scenario(content):
    return Scenario.objects.get(slug="user-not-matched")


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_vote_without_csrf_token_is_refused_403(scenario, htmx):
    client = Client(enforce_csrf_checks=True)
    visitor = new_visitor()
    as_visitor(client, visitor)
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post("/feedback/vote/", vote_data(visitor, scenario), **extra)
    assert response.status_code == 403
    assert not Vote.objects.exists()


def _load_page(client, scenario, pattern):
    """The page's CSRF token (found by `pattern`) and its vote form token."""
    page = client.get(scenario.get_absolute_url()).content.decode()
    return (
        re.search(pattern, page).group(1),
        re.search(r'name="token" value="([^"]+)"', page).group(1),
    )


def test_vote_with_the_pages_csrf_token_is_accepted(scenario):
    client = Client(enforce_csrf_checks=True)
    token, form_token = _load_page(client, scenario, r'name="csrfmiddlewaretoken" value="([^"]+)"')
    response = client.post(
        "/feedback/vote/",
        {"csrfmiddlewaretoken": token, "token": form_token, "helpful": "yes"},
    )
    assert response.status_code == 303
    assert Vote.objects.get().scenario == scenario


def test_htmx_vote_uses_the_csrf_header_from_the_page(scenario):
    client = Client(enforce_csrf_checks=True)
    header, form_token = _load_page(client, scenario, r'"X-CSRFToken": "([^"]+)"')
    response = client.post(
        "/feedback/vote/",
        {"token": form_token, "helpful": "yes"},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=header,
    )
    assert response.status_code == 200
    assert Vote.objects.count() == 1
