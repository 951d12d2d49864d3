"""GET /api/search: the JSON contract other tools build on, and clear 400s for bad input."""

import pytest
from django.urls import reverse

URL = reverse("kb:api_search")


def test_results_follow_the_documented_shape(client, content):
    response = client.get(URL, {"q": "legal tracker access token expired"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"query", "suggestion", "results", "facets", "vague"}
    assert data["query"] == "legal tracker access token expired"
    assert data["suggestion"] is None
    first = data["results"][0]
    assert set(first) == {
        "slug", "title", "article", "issue", "systems", "url", "score", "snippet", "group"
    }  # fmt: skip
    assert first["group"] == "named"  # the query names Legal Tracker
    assert first["slug"] == "tr-access-token-expired"
    assert first["url"] == "/s/tr-access-token-expired/"
    assert client.get(first["url"]).status_code == 200
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)
    assert {"systems", "articles"} <= set(data["facets"])


def test_misspelling_carries_a_suggestion(client, content):
    data = client.get(URL, {"q": "webhok not configured"}).json()
    assert data["suggestion"] == "webhook not configured"
    assert data["results"][0]["slug"] == "tr-webhook-not-configured"


def test_limit_caps_the_results(client, content):
    data = client.get(URL, {"q": "legal accounting", "limit": "2"}).json()
    assert len(data["results"]) == 2


def test_default_limit_is_ten(client, content):
    data = client.get(URL, {"q": "in practice management legal accounting"}).json()
    assert 0 < len(data["results"]) <= 10


@pytest.mark.parametrize("q", ["", "   "])
def test_empty_query_gives_empty_results(client, content, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert response.json()["results"] == []
    # The same keys as any answer: a client never meets a missing one.
    assert set(response.json()) == set(client.get(URL, {"q": "webhook"}).json())


def test_missing_query_gives_empty_results(client, content):
    assert client.get(URL).json()["results"] == []


@pytest.mark.parametrize("limit", ["0", "51", "-1", "ten", "1.5", "1e3", "99999999999999999999"])
def test_out_of_range_limit_is_a_400_with_a_message(client, content, limit):
    response = client.get(URL, {"q": "webhook", "limit": limit})
    assert response.status_code == 400
    assert "limit" in response.json()["error"]


def test_snippet_in_json_is_escaped_html(client, content):
    data = client.get(URL, {"q": "<script>alert(1)</script> webhook"}).json()
    assert data["results"]
    assert all("<script" not in r["snippet"] for r in data["results"])


@pytest.mark.parametrize("q", ["title:", '"unbalanced', "*", "NOT AND a", "(((", "\x00", "😀"])
def test_query_syntax_never_errors(client, content, q):
    assert client.get(URL, {"q": q}).status_code == 200


def test_post_is_not_allowed(client, content):
    assert client.post(URL, {"q": "x"}).status_code == 405


def test_the_api_sets_no_visitor_cookie_while_pages_do(client, content):
    from kb.visitor.identity import COOKIE_NAME

    assert COOKIE_NAME not in client.get(URL, {"q": "webhook"}).cookies
    assert COOKIE_NAME in client.get(reverse("kb:home")).cookies


def test_the_products_a_query_names_are_listed(client, content):
    named = client.get(URL, {"q": "legal tracker access token expired"}).json()["named_systems"]
    assert named == ["thomson-reuters-legal-tracker"]
    assert client.get(URL, {"q": "access token expired"}).json()["named_systems"] == []


@pytest.mark.parametrize(
    "q, products",
    [
        ("contact not syncing", ()),
        ("contact not syncing", ("actionstep-practice-management",)),
        ("contact not syncing to legal accounting", ("actionstep-practice-management",)),
        ("token expired", ("exterro-legal-hold", "thomson-reuters-legal-tracker")),
    ],
)
def test_the_page_and_the_api_list_the_same_scenarios_in_the_same_order(
    client, content, q, products
):
    """The search package gives the order: the page (products from its cookie) and the API
    (products as `prefer`) show the same scenarios first, in the same order."""
    from kb.visitor.products import COOKIE_NAME

    api = client.get(URL, {"q": q, "prefer": list(products), "limit": 10}).json()
    client.cookies[COOKIE_NAME] = ",".join(products)
    page = client.get(reverse("kb:search"), {"q": q}).context["response"]
    assert [hit["slug"] for hit in api["results"]]
    assert [hit.slug for hit in page.results] == [hit["slug"] for hit in api["results"]]


def test_an_issue_chosen_on_the_page_is_the_order_the_search_package_gives(client, content):
    from kb.search import search

    issue = "Contact Not Synchronized in Legal Accounting"
    page = client.get(reverse("kb:search"), {"q": "contact not syncing", "issue": issue})
    expected = search("contact not syncing", limit=10, issue=issue).results
    assert expected[0].issue == issue
    assert [hit.slug for hit in page.context["response"].results] == [h.slug for h in expected]
