"""The search page from the page cache (kb/content/page_cache.py): each result's HTML is stored
once and its number, click-counting link and "Your product" tag put in per request; the products
form, the browse section and the htmx script tag are stored too. What a visitor sees is exactly
what a page built afresh shows."""

import re
import sys
from pathlib import Path

import pytest
from django.test import Client

from kb.content import page_cache
from kb.models import Scenario
from tests.feedback.support import as_visitor, new_visitor

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from page_html import normalized  # noqa: E402  (bench/page_html.py: CSRF tokens, nonces blanked)

SEARCHES = [
    "/search",
    "/search?q=contact+not+syncing",
    "/search?q=contact+not+syncing&system=actionstep-legal-accounting",
    "/search?q=legal",
    "/search?q=legal&page=2",
    "/search?q=error",
    "/search?q=zzzz+nothing",
    "/search?q=zzzz&system=exterro-legal-hold",
]
MY_PRODUCT = "actionstep-legal-accounting"


@pytest.fixture
def cached(settings, searchable):
    settings.KB_SEARCH_CATCHUP_SECONDS = 60  # only an edit's own commit moves the version
    page_cache.clear()


def _html(client, path, **headers) -> str:
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return normalized(response.content.decode())


def _products_client(products: str) -> Client:
    client = as_visitor(Client(), new_visitor())
    client.cookies["kb_products"] = products
    return client


@pytest.mark.parametrize("products", ["", MY_PRODUCT], ids=["no products", "own products"])
@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "fragment"])
def test_a_cached_search_page_shows_what_a_page_built_afresh_shows(
    cached, monkeypatch, products, headers
):
    client = _products_client(products)
    served = {path: [_html(client, path, **headers) for _ in range(2)] for path in SEARCHES}
    monkeypatch.setattr(page_cache, "cacheable", lambda request: False)
    for path, (first, second) in served.items():
        afresh = _html(client, path, **headers)
        assert first == afresh, path
        assert second == afresh, path
        assert "hole-" not in first and "nonce-" not in first and "csrf-" not in first


def test_the_your_product_tag_shows_only_to_the_visitor_whose_product_it_is(cached):
    path = "/search?q=contact+not+syncing"
    response = _products_client(MY_PRODUCT).get(path)
    mine = normalized(response.content.decode())
    theirs = _html(_products_client(""), path)  # the same results, served from the cache
    items = re.findall(r'<li class="result" data-slug="([^"]+)".*?</li>', mine, re.S)
    tagged = [m.group(1) for m in re.finditer(r'data-slug="([^"]+)"((?:(?!</li>).)*)', mine, re.S)
              if "tag-mine" in m.group(2)]  # fmt: skip
    hits = response.context["response"].results
    assert tagged == [h.slug for h in hits if MY_PRODUCT in h.system_slugs]
    assert tagged and len(tagged) < len(items)
    assert "tag-mine" not in theirs
    assert _html(_products_client(MY_PRODUCT), path) == mine


def test_an_edited_scenario_title_shows_at_once_in_the_results(
    client, cached, django_capture_on_commit_callbacks
):
    path = "/search?q=contact+not+syncing"
    assert "Wombat contact" not in _html(client, path)
    with django_capture_on_commit_callbacks(execute=True):
        scenario = Scenario.objects.get(slug="contact-not-synced-la")
        scenario.title = "Wombat contact not synchronized"
        scenario.save()
    assert "Wombat contact not synchronized" in _html(client, path)


def test_staff_get_search_pages_built_afresh_and_store_nothing(admin_client, cached):
    for path in SEARCHES:
        admin_client.get(path)
        admin_client.get(path, HTTP_HX_REQUEST="true")
    assert not page_cache._entries


def test_result_numbers_and_click_ids_are_each_requests_own(cached):
    first_visitor = as_visitor(Client(), new_visitor())
    page_one = first_visitor.get("/search", {"q": "legal"})
    total = page_one.context["response"].total
    if total <= 10:
        pytest.skip("fewer than two pages of results for 'legal'")
    log_id = page_one.context["search_log"].pk
    html = page_one.content.decode()
    assert re.findall(r'id="result-(\d+)"', html) == [str(n) for n in range(1, 11)]
    assert set(re.findall(r"\?sl=(\d+)", html)) == {str(log_id)}

    more = first_visitor.get("/search", {"q": "legal", "page": "2"}, HTTP_HX_REQUEST="true")
    html = more.content.decode()
    shown = len(more.context["response"].results)
    assert re.findall(r'id="result-(\d+)"', html) == [str(n) for n in range(1, shown + 1)]
    assert "sl=" not in html  # "Show more" is not logged again: its links count no click

    # A result cached at one number is shown at another where a filter moves it up.
    for query in ({"q": "contact not syncing"}, {"q": "contact not syncing", "system": MY_PRODUCT}):
        html = first_visitor.get("/search", query).content.decode()
        numbers = re.findall(r'id="result-(\d+)"', html)
        assert numbers == [str(n) for n in range(1, len(numbers) + 1)], query

    again = as_visitor(Client(), new_visitor()).get("/search", {"q": "legal"})
    other_id = again.context["search_log"].pk
    assert other_id != log_id
    assert set(re.findall(r"\?sl=(\d+)", again.content.decode())) == {str(other_id)}


def test_the_cached_htmx_script_carries_each_responses_own_nonce(client, cached):
    nonces = set()
    for _ in range(2):
        response = client.get("/search", {"q": "legal"})
        nonce = re.search(r'htmx-2[^"]*\.js" defer nonce="([^"]+)"', response.content.decode())
        assert nonce and f"'nonce-{nonce.group(1)}'" in response["Content-Security-Policy"]
        nonces.add(nonce.group(1))
    assert len(nonces) == 2
