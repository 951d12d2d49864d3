"""The search page: full page and live (htmx) fragment, facets, suggestions, empty states."""

import re

import pytest

from kb.search import FacetValue, SearchHit, SearchResponse


def result_slugs(response) -> list[str]:
    return re.findall(r'class="result" data-slug="([^"]+)"', response.content.decode())


def test_full_page_lists_the_best_scenario_first(client, searchable):
    response = client.get("/search", {"q": "legal tracker access token expired"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and 'id="search-form"' in html
    assert result_slugs(response)[0] == "tr-access-token-expired"
    assert 'value="legal tracker access token expired"' in html


def test_live_fragment_has_results_and_an_announced_count_but_no_page(client, searchable, htmx):
    response = client.get("/search", {"q": "contact not syncing"}, **htmx)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="search-form"' not in html
    assert {"contact-not-synced-pm", "contact-not-synced-la"} <= set(result_slugs(response))
    count = re.search(r'<p id="result-count" hx-swap-oob="innerHTML">([^<]+)</p>', html)
    assert count and re.match(r"\d+ results? for “contact not syncing”", count.group(1))


def test_search_page_varies_on_htmx_header_so_back_button_never_shows_a_fragment(
    client, searchable
):
    response = client.get("/search", {"q": "webhook"})
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_whole_page(client, searchable, htmx):
    response = client.get(
        "/search", {"q": "webhook"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **htmx
    )
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "fragment"])
def test_system_facet_narrows_and_keeps_the_query(client, searchable, headers):
    everything = client.get("/search", {"q": "contact not syncing"})
    response = client.get(
        "/search", {"q": "contact not syncing", "system": "actionstep-legal-accounting"}, **headers
    )
    hits = response.context["response"].results
    assert hits and all("actionstep-legal-accounting" in hit.system_slugs for hit in hits)
    assert "contact-not-synced-la" in result_slugs(response)
    assert "contact-not-synced-pm" not in result_slugs(response)
    assert len(hits) < len(everything.context["response"].results)
    html = response.content.decode()
    # The active chip removes the filter but keeps the words typed.
    assert 'href="/search?q=contact+not+syncing" hx-get="/search?q=contact+not+syncing"' in html
    assert 'aria-label="Remove filter: Actionstep Legal Accounting"' in html
    # The next keystroke keeps the filter: it belongs to the search form.
    assert (
        '<input type="hidden" name="system" value="actionstep-legal-accounting" form="search-form">'
        in html
    )


def test_article_facet_narrows_to_that_article(client, searchable):
    response = client.get(
        "/search", {"q": "matter not updating", "article": "tr-legal-tracker-integration"}
    )
    slugs = result_slugs(response)
    assert slugs and all(slug.startswith("tr-") for slug in slugs)


def test_unknown_filter_is_ignored_instead_of_failing(client, searchable):
    response = client.get("/search", {"q": "webhook", "system": "no-such-system", "page": "x"})
    assert response.status_code == 200
    assert "tr-webhook-not-configured" in result_slugs(response)


def test_overlong_query_is_searched_up_to_the_limit(client, searchable):
    response = client.get("/search", {"q": "webhook " * 100})
    assert response.status_code == 200
    assert len(response.context["params"].q) <= 200


def test_no_results_page_helps_with_wording_and_browse_links(client, searchable):
    response = client.get("/search", {"q": "qqxyzzy"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No results for “qqxyzzy”" in html
    assert "Tips:" in html
    assert 'href="/articles/legal-accounting-integration/"' in html
    assert 'href="/systems/exterro-legal-hold/"' in html


def test_filtered_search_without_results_offers_to_drop_the_filters(client, searchable):
    from kb.models import System

    # A product no scenario belongs to: filtering by it finds nothing, whatever the ranker does.
    System.objects.create(slug="clio-manage", name="Clio Manage")
    assert client.get("/search", {"q": "webhook"}).context["response"].total > 0

    response = client.get("/search", {"q": "webhook", "system": "clio-manage"})

    assert response.context["response"].total == 0
    html = response.content.decode()
    assert 'href="/search?q=webhook"' in html
    assert "Search every system and article for “webhook”" in html


def test_did_you_mean_links_to_the_correction_with_filters_kept(client, searchable, monkeypatch):
    def fake_search(query, **kwargs):
        return SearchResponse(query=query, suggestion="webhook", total=0)

    monkeypatch.setattr("kb.views.search.search", fake_search)
    response = client.get("/search", {"q": "webhok", "article": "tr-legal-tracker-integration"})
    html = response.content.decode()
    assert "Did you mean" in html
    assert 'href="/search?q=webhook&amp;article=tr-legal-tracker-integration"' in html


def test_results_show_title_article_systems_and_a_highlighted_snippet(
    client, searchable, monkeypatch
):
    hit = SearchHit(
        slug="tr-webhook-not-configured",
        title="Webhook <b>Status</b>",
        article="TR Integration Failure",
        article_slug="tr-legal-tracker-integration",
        issue="TR integration failure",
        systems=["Exterro Legal Hold"],
        system_slugs=["exterro-legal-hold"],
        url="/s/tr-webhook-not-configured/",
        score=3.0,
        snippet="the <mark>webhook</mark> status",
    )
    facets = {"systems": [FacetValue("exterro-legal-hold", "Exterro Legal Hold", 1)]}
    monkeypatch.setattr(
        "kb.views.search.search",
        lambda query, **kw: SearchResponse(query=query, results=[hit], total=1, facets=facets),
    )
    html = client.get("/search", {"q": "webhook"}).content.decode()
    assert "Webhook &lt;b&gt;Status&lt;/b&gt;" in html  # titles are escaped
    assert "the <mark>webhook</mark> status" in html  # the snippet's own markup is kept
    assert 'href="/articles/tr-legal-tracker-integration/"' in html
    assert '<span class="tag">Exterro Legal Hold</span>' in html


def test_empty_query_shows_browse_links_not_results(client, searchable):
    response = client.get("/search")
    assert response.status_code == 200
    assert result_slugs(response) == []
    assert "Browse by system" in response.content.decode()


def test_search_page_refuses_post(client, searchable):
    assert client.post("/search", {"q": "x"}).status_code == 405


def test_choosing_an_issue_puts_its_scenarios_first_and_keeps_the_rest(client, searchable):
    issue = "Contact Not Synchronized in Legal Accounting"
    plain = client.get("/search", {"q": "contact not syncing"}).context["response"]
    chosen = client.get("/search", {"q": "contact not syncing", "issue": issue}).context["response"]
    assert chosen.results[0].slug == "contact-not-synced-la"
    assert {h.slug for h in chosen.results} == {h.slug for h in plain.results}


def test_show_more_lists_further_results_and_focuses_the_first_new_one(client, searchable, htmx):
    first = client.get("/search", {"q": "legal"})
    total = first.context["response"].total
    if total <= 10:
        pytest.skip("fewer than two pages of results for 'legal'")
    assert 'id="more-results" href="/search?q=legal&amp;page=2"' in first.content.decode()
    more = client.get("/search", {"q": "legal", "page": "2"}, **htmx)
    assert len(more.context["response"].results) == min(total, 20)
    assert more["HX-Trigger-After-Settle"] == '{"kb:focus": {"id": "result-11"}}'
    assert "<title>legal · Search · Legal software help</title>" in more.content.decode()


def test_a_product_named_in_the_query_is_said_to_come_first_with_a_link_to_only_it(
    client, searchable
):
    response = client.get("/search", {"q": "TR token expired"})
    html = response.content.decode()
    assert result_slugs(response)[0] == "tr-access-token-expired"
    assert "Fixes for Legal Tracker come first, as your search names it." in html
    only = "/search?q=TR+token+expired&amp;system=thomson-reuters-legal-tracker"
    assert f'href="{only}" hx-get="{only}">Only Legal Tracker</a>' in html
    narrowed = client.get(
        "/search", {"q": "TR token expired", "system": "thomson-reuters-legal-tracker"}
    )
    assert all(
        "thomson-reuters-legal-tracker" in hit.system_slugs
        for hit in narrowed.context["response"].results
    )
    # Narrowed to it already, or naming nothing: nothing to say.
    assert "come first, as your search names" not in narrowed.content.decode()
    plain = client.get("/search", {"q": "token expired"}).content.decode()
    assert "come first, as your search names" not in plain


def test_two_products_named_are_both_said_and_offered(client, searchable):
    html = client.get("/search", {"q": "PM and LA not talking to each other"}).content.decode()
    assert (
        "Fixes for Legal Accounting and Practice Management come first, as your search names them."
        in html
    )
    assert ">Only Legal Accounting</a>" in html and ">Only Practice Management</a>" in html
