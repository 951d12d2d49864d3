"""Live search in a real browser: results follow the typing, facets and answers refine."""

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect


def mark_page(page):
    """Tag the document, so a full reload (which loses the tag) shows up."""
    page.evaluate("window.__sameDocument = true")


def still_same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def query_of(page) -> dict:
    return parse_qs(urlparse(page.url).query)


def type_a_search(page, site, text):
    """Open the search page, tag it (see mark_page) and type `text` as a person would."""
    page.goto(f"{site}/search")
    mark_page(page)
    page.locator("#q").press_sequentially(text, delay=15)


def test_typing_updates_results_without_a_reload(page, site, screenshot):
    type_a_search(page, site, "legal tracker access token expired")
    first = page.locator(".result").first
    expect(first).to_have_attribute("data-slug", "tr-access-token-expired")
    expect(page.locator("#result-count")).to_contain_text(
        "for “legal tracker access token expired”"
    )
    assert still_same_document(page)
    assert query_of(page)["q"] == ["legal tracker access token expired"]
    # The URL follows the query (replaced, not pushed: see test_search_history_focus.py).
    page.locator("#q").fill("webhook token url")
    expect(page.locator(".result").first).to_have_attribute(
        "data-slug", "tr-webhook-not-configured"
    )
    assert query_of(page)["q"] == ["webhook token url"]
    page.watch.assert_clean()


def test_a_facet_chip_narrows_without_losing_the_query(page, site):
    page.goto(f"{site}/search?q=contact+not+syncing")
    mark_page(page)
    page.get_by_role("link", name="Actionstep Legal Accounting").first.click()
    expect(
        page.get_by_role("link", name="Remove filter: Actionstep Legal Accounting")
    ).to_be_visible()
    assert still_same_document(page)
    assert query_of(page)["system"] == ["actionstep-legal-accounting"]
    slugs = page.locator(".result").evaluate_all("els => els.map(e => e.dataset.slug)")
    assert "contact-not-synced-la" in slugs and "contact-not-synced-pm" not in slugs
    # Focus does not fall off the page when the clicked chip is swapped away.
    assert page.evaluate("document.activeElement.id") == "results-heading"
    # Typing more keeps the chosen system.
    page.locator("#q").press("End")
    page.locator("#q").press_sequentially(" status", delay=15)
    expect(page.locator("#result-count")).to_contain_text("contact not syncing status")
    assert query_of(page)["system"] == ["actionstep-legal-accounting"]
    page.watch.assert_clean()


def test_a_clarifying_answer_refines_the_results(page, site, close_contact_scores, screenshot):
    page.set_viewport_size({"width": 1000, "height": 800})
    type_a_search(page, site, "contact not syncing")
    question = page.locator(".refine")
    expect(question).to_contain_text("Where do you see “Contact not synchronized”?")
    screenshot(page, "search-results.png")
    question.get_by_role("link", name="Legal Accounting").click()
    expect(page.locator(".refine")).to_have_count(0)
    expect(page.locator(".result").first).to_have_attribute("data-slug", "contact-not-synced-la")
    assert still_same_document(page)
    assert query_of(page)["system"] == ["actionstep-legal-accounting"]
    page.watch.assert_clean()


def test_search_works_with_javascript_off(page_without_js, site):
    page = page_without_js
    page.goto(site)
    page.get_by_label("Describe the problem").fill("contact not syncing")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=contact+not+syncing")
    expect(page.locator(".result[data-slug=contact-not-synced-pm]")).to_be_visible()
    page.get_by_role("link", name="Actionstep Legal Accounting").first.click()
    page.wait_for_url("**system=actionstep-legal-accounting**")
    expect(page.locator(".result").first).to_have_attribute("data-slug", "contact-not-synced-la")
    page.locator(".result a").first.click()
    expect(page.locator("h1")).to_have_text("Contact Not Synchronized in Legal Accounting")
    page.watch.assert_clean()


def test_a_product_named_in_the_query_can_be_made_the_only_one(page, site, screenshot):
    type_a_search(page, site, "field mapping legal tracker exterro")
    named = page.locator(".named-products")
    expect(named).to_contain_text("Fixes for Exterro and Legal Tracker come first")
    screenshot(page, "search-named-products.png")
    page.get_by_role("link", name="Only Exterro").click()
    expect(page.get_by_role("link", name="Remove filter: Exterro Legal Hold")).to_be_visible()
    assert still_same_document(page)
    assert query_of(page)["system"] == ["exterro-legal-hold"]
    expect(named).to_have_count(0)
    slugs = page.locator(".result").evaluate_all("els => els.map(e => e.dataset.slug)")
    assert slugs and "tr-matter-fields-not-updating" in slugs
    assert "tr-access-token-expired" not in slugs  # Legal Tracker's own
    page.watch.assert_clean()
