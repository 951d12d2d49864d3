"""Back, Forward, reload and focus around the live search, on a desktop and a phone screen."""

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect


def query_of(page) -> str:
    return parse_qs(urlparse(page.url).query).get("q", [""])[0]


def first_slug(page) -> str:
    return page.locator(".result").first.get_attribute("data-slug")


def test_typing_replaces_the_url_and_back_leaves_the_search(device_page, site):
    page = device_page
    page.goto(f"{site}/systems/actionstep-legal-accounting/")
    page.goto(f"{site}/search")
    box = page.locator("#q")
    for word in ["webhook", " token", " url"]:
        box.press_sequentially(word, delay=10)
        expect(page.locator("#result-count")).to_contain_text(f"“{box.input_value()}”")
    assert query_of(page) == "webhook token url"
    # One Back leaves the search altogether: no entry per pause in typing.
    page.go_back()
    expect(page).to_have_url(f"{site}/systems/actionstep-legal-accounting/")
    page.go_forward()
    expect(page.locator("#q")).to_have_value("webhook token url")
    expect(page.locator("#result-count")).to_contain_text("“webhook token url”")
    page.watch.assert_clean()


def test_box_and_results_agree_after_back_forward_and_reload(device_page, site):
    page = device_page
    page.goto(f"{site}/search")
    page.locator("#q").press_sequentially("legal tracker access token expired", delay=10)
    expect(page.locator(".result").first).to_have_attribute("data-slug", "tr-access-token-expired")
    # A clarifying answer or a facet is a navigation: it gets its own history entry.
    page.locator(".facets .chip").first.click()
    expect(page.locator(".chip-active")).to_have_count(1)
    page.go_back()
    expect(page.locator(".chip-active")).to_have_count(0)
    expect(page.locator("#q")).to_have_value("legal tracker access token expired")
    expect(page.locator("#result-count")).to_contain_text("“legal tracker access token expired”")
    # Open a result and come back: the box still shows the query its results are for.
    page.locator("#result-1").click()
    expect(page.locator("h1")).to_have_count(1)
    page.go_back()
    expect(page.locator("#q")).to_have_value("legal tracker access token expired")
    expect(page.locator("#result-count")).to_contain_text("“legal tracker access token expired”")
    page.reload()
    expect(page.locator("#q")).to_have_value("legal tracker access token expired")
    expect(page.locator("#result-count")).to_contain_text("“legal tracker access token expired”")
    page.watch.assert_clean()


def test_home_page_gives_live_results_and_enter_focuses_them(device_page, site, screenshot):
    page = device_page
    page.goto(f"{site}/")
    page.evaluate("window.__sameDocument = true")
    page.locator("#q").press_sequentially("webhook not configured", delay=10)
    expect(page.locator(".result").first).to_have_attribute("data-slug", "tr-webhook-not-configured")
    assert page.evaluate("window.__sameDocument === true"), "live results, not a page load"
    # Typing leaves the focus in the box ...
    assert page.evaluate("document.activeElement.id") == "q"
    # ... Enter takes it to the results, one Tab before the first one.
    page.locator("#q").press("Enter")
    expect(page.locator("#results-heading")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#result-1")).to_be_focused()
    expect(page.locator("#result-count")).to_have_attribute("aria-live", "polite")
    screenshot(page, f"home-live-results-{page.device}.png")
    page.watch.assert_clean()


def test_arriving_at_results_focuses_the_heading(device_page, site):
    page = device_page
    page.goto(f"{site}/search?q=contact+not+syncing")
    expect(page.locator("#results-heading")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#result-1")).to_be_focused()
    page.watch.assert_clean()


def test_home_search_works_without_javascript(page_without_js, site):
    page = page_without_js
    page.goto(f"{site}/")
    page.locator("#q").fill("webhook not configured")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(f"{site}/search?q=webhook+not+configured")
    expect(page.locator(".result").first).to_have_attribute("data-slug", "tr-webhook-not-configured")
