"""What a help-centre visitor expects, in Chromium on a desktop and a phone screen: feedback
that is kept, the pages around a scenario, print, no CSP errors, the first result on screen."""

import pytest
from playwright.sync_api import expect

from kb.models import Vote

PUBLIC_PAGES = [
    "/",
    "/search",
    "/search?q=contact+not+syncing",
    "/search?q=zzzzqqq",
    "/articles/",
    "/articles/legal-accounting-integration/",
    "/systems/actionstep-practice-management/",
    "/s/matter-not-synced-pm/",
    "/s/tr-access-token-expired/",
    "/s/no-such-scenario/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_csp_or_script_error(device_page, site, path):
    page = device_page
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    page.watch.assert_clean()


def test_first_result_is_on_the_first_screen_with_question_and_facets(
    device_page, site, close_contact_scores, screenshot
):
    page = device_page
    page.goto(f"{site}/search?q=contact+not+syncing")
    expect(page.locator(".refine")).to_be_visible()
    expect(page.locator(".facets")).to_be_visible()
    top = page.locator(".result").first.bounding_box()["y"]
    assert top < page.viewport_size["height"], f"first result at {top}px, below the first screen"
    screenshot(page, f"search-results-{page.device}.png")
    page.watch.assert_clean()


def test_no_is_kept_on_the_click_and_reasons_refine_it(device_page, site):
    page = device_page
    page.goto(f"{site}/s/tr-access-token-expired/")
    widget = page.locator("#feedback")
    widget.get_by_role("button", name="No").click()
    expect(widget).to_contain_text("Your “No” is saved")
    assert Vote.objects.get().helpful is False
    widget.get_by_label("Information is outdated or wrong").check()
    widget.get_by_role("button", name="Send feedback").click()
    expect(widget).to_contain_text("Thanks for your feedback")
    vote = Vote.objects.get()  # one vote, refined
    assert (vote.helpful, vote.reasons) == (False, ["outdated"])
    page.watch.assert_clean()


def test_this_fixed_it_changes_the_page_question(device_page, site, screenshot):
    page = device_page
    page.goto(f"{site}/s/matter-not-synced-pm/")
    widget = page.locator("#feedback")
    expect(widget).to_contain_text("Was this article helpful?")
    page.locator("#fixed-" + page.locator('[data-ref="matter-not-synced-pm/3"]').get_attribute(
        "id").removeprefix("step-")).click()
    expect(widget).to_contain_text("You told us this fixed it — thanks")
    expect(widget).not_to_contain_text("Was this article helpful?")
    screenshot(page, f"scenario-{page.device}.png")
    page.reload()
    expect(widget).to_contain_text("You told us this fixed it — thanks")
    page.watch.assert_clean()


def test_a_stated_result_is_not_asked_whether_it_solved_it(device_page, site):
    page = device_page
    page.goto(f"{site}/s/tr-access-token-expired/")
    statement = page.locator('[data-ref="tr-access-token-expired/3"]')
    expect(statement).to_contain_text("Upon clicking sign in")
    expect(statement.locator(".outcome-form")).to_have_count(0)
    expect(page.locator('[data-ref="tr-access-token-expired/4"] .outcome-form')).to_have_count(1)
    page.watch.assert_clean()


def test_back_to_results_returns_to_the_same_search(device_page, site):
    page = device_page
    page.goto(f"{site}/search")
    page.locator("#q").press_sequentially("webhook token url", delay=10)
    expect(page.locator(".result").first).to_have_attribute("data-slug", "tr-webhook-not-configured")
    page.locator("#result-1").click()
    back = page.get_by_role("link", name="Back to results")
    expect(back).to_be_visible()
    back.click()
    expect(page.locator("#q")).to_have_value("webhook token url")
    expect(page.locator(".result").first).to_have_attribute("data-slug", "tr-webhook-not-configured")
    page.watch.assert_clean()


def test_related_and_listed_above_links_lead_to_other_scenarios(device_page, site):
    page = device_page
    page.goto(f"{site}/s/matter-not-synced-pm/")
    expect(page.get_by_role("heading", name="Related scenarios")).to_be_visible()
    step = page.locator('[data-ref="matter-not-synced-pm/4.3"]')
    step.get_by_role("link", name="Contact Not Synchronized in Practice Management").click()
    expect(page.locator("h1")).to_have_text("Contact Not Synchronized in Practice Management")
    page.watch.assert_clean()


def test_articles_index_from_the_footer(device_page, site):
    page = device_page
    page.goto(f"{site}/")
    page.get_by_role("contentinfo").get_by_role("link", name="All articles").click()
    expect(page).to_have_url(f"{site}/articles/")
    expect(page.locator("h1")).to_have_text("All articles")
    expect(page.get_by_role("link", name="TR Integration Failure").first).to_be_visible()
    page.watch.assert_clean()


def test_breadcrumb_says_an_article_titled_issue_once(device_page, site):
    page = device_page
    page.goto(f"{site}/s/tr-access-token-expired/")
    crumbs = page.locator(".breadcrumb").inner_text().lower()
    assert crumbs.count("tr integration failure") == 1


def test_printed_scenario_has_no_feedback_nav_or_search(device_page, site):
    page = device_page
    page.goto(f"{site}/s/matter-not-synced-pm/")
    page.emulate_media(media="print")
    for selector in ("#feedback", ".site-header", ".breadcrumb", ".related", ".outcome-form"):
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator(".checklist")).to_be_visible()
    link = page.locator(".see-also a").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "/s/contact-not-synced-pm/" in after  # on paper a link shows where it goes


def test_expired_form_without_javascript_gets_a_friendly_page(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/s/tr-access-token-expired/")
    context.clear_cookies()  # the CSRF cookie expired with the session
    page.locator("#feedback").get_by_role("button", name="Yes").click()
    expect(page.locator("h1")).to_have_text("Your session expired")
    page.get_by_role("link", name="back to the page you were on").click()
    expect(page).to_have_url(f"{site}/s/tr-access-token-expired/")
    context.close()
