"""Vague queries in a real browser, desktop and phone: "error" asks which product, then which
symptom, and lands on a scenario; a query naming a product lists other products apart."""

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

TR_ARTICLE = {
    "tr-access-token-expired", "tr-webhook-not-configured", "tr-matter-fields-not-updating",
    "tr-sync-job-not-updating", "tr-hold-ack-status-missing",
}  # fmt: skip


def test_error_narrows_to_a_product_then_a_symptom_then_a_scenario(device_page, site, screenshot):
    page = device_page
    page.goto(f"{site}/search")
    page.evaluate("window.__sameDocument = true")
    page.locator("#q").press_sequentially("error", delay=15)
    guide = page.locator("#guide")
    expect(guide.get_by_role("heading", name="Which product?")).to_be_visible()
    expect(page.locator("#result-count")).to_contain_text("“error” could be many problems")
    expect(page.get_by_text("No results")).to_have_count(0)
    # The question and every answer fit the first screen, phone included.
    answers = guide.locator("a.answer")
    expect(answers).to_have_count(4)
    last = answers.last.bounding_box()
    assert last["y"] + last["height"] <= page.viewport_size["height"]
    screenshot(page, f"search-guided-{page.device}.png")

    answers.filter(has_text="Thomson Reuters Legal Tracker").click()
    expect(guide.get_by_role("heading", name="Which symptom?")).to_be_visible()
    assert page.evaluate("window.__sameDocument === true")  # swapped in place by htmx
    assert parse_qs(urlparse(page.url).query) == {
        "q": ["error"], "system": ["thomson-reuters-legal-tracker"]
    }  # fmt: skip
    expect(page.locator("#results-heading")).to_be_focused()
    symptoms = guide.locator("a.guide-symptom")
    expect(symptoms).to_have_count(2)
    first = symptoms.first.bounding_box()
    assert first["y"] + first["height"] <= page.viewport_size["height"]
    screenshot(page, f"search-guided-symptom-{page.device}.png")

    symptoms.filter(has_text="Access Token Expiry").click()
    page.wait_for_url("**/s/tr-access-token-expired/**")
    expect(page.locator("h1")).to_contain_text("Access Token Expiry")
    page.watch.assert_clean()


def test_the_guide_works_from_the_keyboard(page, site):
    page.goto(f"{site}/search")
    page.locator("#q").fill("it doesnt work")
    page.locator("#q").press("Enter")
    expect(page.locator("#guide h2")).to_have_text("Which product?")
    expect(page.locator("#results-heading")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#guide a.answer").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#guide h2")).to_have_text("Which symptom?")
    expect(page.locator("#results-heading")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#guide a.guide-symptom").first).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/s/**")
    page.watch.assert_clean()


def test_the_guide_works_without_javascript(page_without_js, site):
    page = page_without_js
    page.goto(f"{site}/search?q=help")
    page.get_by_role("link", name="Exterro Legal Hold").click()
    expect(page.locator("#guide h2")).to_have_text("Which symptom?")
    assert parse_qs(urlparse(page.url).query)["system"] == ["exterro-legal-hold"]
    page.locator("#guide a.guide-symptom").first.click()
    page.wait_for_url("**/s/tr-**")
    page.watch.assert_clean()


def test_a_query_naming_a_product_lists_other_products_apart(device_page, site, screenshot):
    page = device_page
    page.goto(f"{site}/search")
    page.locator("#q").press_sequentially("TR integration failure", delay=15)
    heading = page.get_by_role("heading", name="In other products")
    expect(heading).to_be_visible()
    results = page.locator(".result")
    expect(results).to_have_count(10)
    slugs = results.evaluate_all("els => els.map(e => e.dataset.slug)")
    assert set(slugs[:5]) == TR_ARTICLE
    assert not TR_ARTICLE & set(slugs[5:])
    # The heading sits between the two lists, on screen as in the document.
    above = results.nth(4).bounding_box()
    below = results.nth(5).bounding_box()
    box = heading.bounding_box()
    assert above["y"] < box["y"] < below["y"]
    name = (
        "search-other-products.png"
        if page.device == "desktop"
        else "search-other-products-phone.png"
    )
    screenshot(page, name)
    page.watch.assert_clean()


def test_a_flat_answer_asks_which_product_and_keeps_its_results(device_page, site, screenshot):
    page = device_page
    page.goto(f"{site}/search?q=sync")
    guide = page.locator("#guide")
    expect(guide.get_by_role("heading", name="Which product?")).to_be_visible()
    expect(page.locator(".result")).to_have_count(5)
    last = guide.locator("a.answer").last.bounding_box()
    assert last["y"] + last["height"] <= page.viewport_size["height"]
    screenshot(page, f"search-guided-flat-{page.device}.png")
    guide.locator("a.answer").filter(has_text="Practice Management").click()
    expect(page.locator("#guide")).to_have_count(0)
    slugs = page.locator(".result").evaluate_all("els => els.map(e => e.dataset.slug)")
    assert slugs and "tr-sync-job-not-updating" not in slugs
    page.watch.assert_clean()
