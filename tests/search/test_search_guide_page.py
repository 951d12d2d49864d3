"""The search page's guided narrowing (which product, then which symptom) and its "In other
products" group, on both render paths: the full page and the live (htmx) fragment."""

import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest

from kb.models import Scenario, System

BOTH = pytest.mark.parametrize(
    "headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "fragment"]
)


def guide_links(html: str, css: str) -> list[tuple[str, str]]:
    """(href, text) of the guide's links of one class."""
    section = re.search(r'<section class="refine guide".*?</section>', html, re.S)
    assert section, "no guide on the page"
    found = re.findall(rf'<a class="{css}" href="([^"]+)"[^>]*>(.*?)</a>', section.group(0), re.S)
    return [(unescape(href), re.sub(r"<[^>]+>", "", text).strip()) for href, text in found]


@BOTH
@pytest.mark.parametrize("q", ["error", "help", "issue"])
def test_a_generic_word_asks_which_product_instead_of_no_results(client, searchable, headers, q):
    response = client.get("/search", {"q": q}, **headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert "No results" not in html and "Tips: use fewer words" not in html
    assert '<h2 id="guide-title">Which product?</h2>' in html
    assert f"“{q}” could be many problems" in html
    answers = guide_links(html, "answer")
    assert len(answers) == System.objects.count()
    for href, text in answers:
        params = parse_qs(urlparse(href).query)
        assert params["q"] == [q] and len(params["system"]) == 1
        system = System.objects.get(slug=params["system"][0])
        # The count is what the product filter keeps: its published scenarios.
        count = Scenario.objects.published().in_system(system).count()
        assert text.startswith(system.name) and f"{count} fix" in text
    # Each answer is a plain link that htmx also swaps in place.
    assert all(f'hx-get="{href.replace("&", "&amp;")}"' in html for href, _ in answers)


@BOTH
def test_a_chosen_product_asks_which_symptom_with_links_to_its_scenarios(
    client, searchable, headers
):
    tracker = "thomson-reuters-legal-tracker"
    response = client.get("/search", {"q": "error", "system": tracker}, **headers)
    html = response.content.decode()
    assert '<h2 id="guide-title">Which symptom?</h2>' in html
    symptoms = guide_links(html, "guide-symptom")
    expected = Scenario.objects.published().in_system(System.objects.get(slug=tracker))
    assert {urlparse(href).path for href, _ in symptoms} == {f"/s/{s.slug}/" for s in expected}
    assert "Choose another product" in html and 'href="/search?q=error"' in html
    assert 'class="facets"' not in html  # the guide is the one way on
    landed = client.get(symptoms[0][0])
    assert landed.status_code == 200


def test_a_chosen_product_lists_its_own_symptoms_not_what_generic_words_matched(
    client, searchable
):
    # "work" matches one Legal Tracker scenario by chance ("Integration Not Working ..."); the
    # symptoms are every one of Legal Tracker's.
    params = {"q": "it doesnt work", "system": "thomson-reuters-legal-tracker"}
    html = client.get("/search", params).content.decode()
    paths = {urlparse(href).path for href, _ in guide_links(html, "guide-symptom")}
    system = System.objects.get(slug="thomson-reuters-legal-tracker")
    assert len(paths) == 2
    assert paths == {f"/s/{s.slug}/" for s in Scenario.objects.published().in_system(system)}


def test_a_confident_looking_chance_match_is_not_shown_as_the_answer(client, searchable):
    html = client.get("/search", {"q": "it doesnt work"}).content.decode()
    assert 'class="result"' not in html
    assert "Which product?" in html


def test_a_flat_answer_asks_which_product_above_its_results(client, searchable):
    html = client.get("/search", {"q": "sync"}).content.decode()
    assert "Which product?" in html and "are alike in several products" in html
    assert len(re.findall(r'class="result" data-slug', html)) == 5
    # The guide's answers replace the System chips; no second question.
    assert '<span class="facet-title">System</span>' not in html
    assert 'id="refine-title"' not in html


def test_the_visitors_own_product_is_offered_first(client, searchable):
    from kb.visitor.products import COOKIE_NAME

    client.cookies[COOKIE_NAME] = "exterro-legal-hold"
    html = client.get("/search", {"q": "error"}).content.decode()
    first_href, first_text = guide_links(html, "answer")[0]
    assert "system=exterro-legal-hold" in first_href and first_text.endswith("Yours")


def test_the_query_is_escaped_in_the_guide(client, searchable):
    html = client.get("/search", {"q": "help <i>"}).content.decode()
    assert "Which product?" in html
    assert "“help &lt;i&gt;” could be many problems" in html and "help <i>" not in html


@BOTH
def test_other_products_are_listed_apart_below_the_named_products_results(
    client, searchable, headers
):
    html = client.get("/search", {"q": "TR integration failure"}, **headers).content.decode()
    heading = html.index('<h2 class="group-heading" id="other-products">In other products</h2>')
    before = re.findall(r'class="result" data-slug="([^"]+)"', html[:heading])
    after = re.findall(r'class="result" data-slug="([^"]+)"', html[heading:])
    assert set(before) == {
        "tr-access-token-expired", "tr-webhook-not-configured", "tr-matter-fields-not-updating",
        "tr-sync-job-not-updating", "tr-hold-ack-status-missing",
    }  # fmt: skip
    assert after and not any(slug.startswith("tr-") for slug in after)
    # One numbering across both lists: the second goes on from the first.
    assert '<ol class="result-list" start="6">' in html
    assert 'id="result-6"' in html[heading:]


def test_no_other_products_heading_when_the_query_names_none(client, searchable):
    html = client.get("/search", {"q": "contact not syncing"}).content.decode()
    assert "In other products" not in html
