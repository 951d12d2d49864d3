"""Whatever is typed or pasted into search, the answer is a normal page or JSON, never a 500.

150 generated queries per run here (bench/hostile_search.py runs 1,000 and prints counts), each
through the search page, its HTMX fragment, the page with filters, and the JSON API.
"""

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings

from .hostile_queries import CONTROL, MAX_PASTE, hostile_query, search_requests

# The full page differs from its fragment only by the layout around it; the suite keeps to
# these three to stay quick (the bench script sends all five).
SUITE_ROUTES = {"fragment", "page+filters", "api"}


def answer(client, q, routes=None):
    """(route, status) for each way `q` reaches search; raises what a view raised."""
    results = []
    for route, url, extra in search_requests(q):
        if routes and route not in routes:
            continue
        response = client.get(url, **extra)
        results.append((route, response.status_code))
        if route.startswith("api"):
            assert response["Content-Type"].startswith("application/json"), route
            body = response.json()
            assert response.status_code == 400 or isinstance(body["results"], list), route
    return results


@pytest.mark.slow
@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example('title:"unbalanced NOT AND (((')
@example("\x00")
@example("contact \x00 sync")
@example("\x00" + "x" * 300)
@example("how to")
@example("🔥" * 5000)
@example("\u202etoken expired")
@given(q=hostile_query)
def test_hostile_queries_never_cause_a_server_error(searchable, q):
    client = Client(raise_request_exception=True)
    # Both render paths of the page, taking turns, and the API every time.
    routes = {"api", "fragment" if len(q) % 2 else "page+filters"}
    for route, status in answer(client, q, routes):
        assert status in (200, 400), (route, status, q[:80])


def test_a_ten_kilobyte_paste_is_answered(searchable, client):
    q = ("contact not synchronised " * 1000)[:MAX_PASTE]
    statuses = answer(client, q, SUITE_ROUTES | {"page", "api"})
    assert all(status == 200 for _, status in statuses), statuses


def test_control_characters_are_answered_and_logged_without_them(searchable, client):
    from kb.models import SearchLog

    for char in CONTROL:
        response = client.get("/search", {"q": f"token{char}expired", "article": char})
        assert response.status_code == 200, f"U+{ord(char):04X}"
    logged = [log.query + log.normalized for log in SearchLog.objects.all()]
    assert logged and not any(ch in text for text in logged for ch in "\x00\x1b\x7f")


def test_a_lone_surrogate_from_a_python_caller_is_searched_without_it(searchable):
    """No URL can carry one, but kb_eval, the shell or an importer's code can pass one."""
    from kb.search import search

    answer = search("token \ud800expired\udfff")
    assert answer.query == "token  expired "
    assert [hit.slug for hit in answer.results] == [
        hit.slug for hit in search("token expired").results
    ]
