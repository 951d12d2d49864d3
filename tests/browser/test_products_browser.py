"""The visitor's own products in a real browser: chosen once, they order every later search."""

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.pages.test_products import twins_in_another_product


def test_choosing_your_products_puts_their_fixes_first(page, site, screenshot):
    twins_in_another_product()  # "Time entry won't save in Ledgerly", six times
    page.goto(f"{site}/search?q=time+entry+wont+save")
    first = page.locator(".result").first
    expect(first).to_have_attribute("data-slug", "ledgerly-1")

    page.get_by_text("Your products: choose them").click()
    page.get_by_label("Actionstep Practice Management").check()
    page.get_by_role("button", name="Save my products").click()

    # Back on the same search, reordered, with the visitor's product marked.
    expect(page.locator("summary")).to_contain_text(
        "Your products rank first: Practice Management"
    )
    expect(first).to_have_attribute("data-slug", "time-entry-cannot-save")
    expect(first.locator(".tag-mine")).to_have_text("Your product")
    assert parse_qs(urlparse(page.url).query)["q"] == ["time entry wont save"]
    screenshot(page, "search-your-products.png")

    # Live search (htmx) keeps the preference, and saving again returns to the new query.
    page.locator("#q").fill("time entry not saving")
    expect(page.locator("#result-count")).to_contain_text("time entry not saving")
    expect(first).to_have_attribute("data-slug", "time-entry-cannot-save")
    page.locator("#my-products summary").click()
    page.get_by_role("button", name="Clear").click()
    expect(page.locator("summary")).to_contain_text("Your products: choose them")
    assert parse_qs(urlparse(page.url).query)["q"] == ["time entry not saving"]
    expect(first).to_have_attribute("data-slug", "ledgerly-1")
    page.watch.assert_clean()
