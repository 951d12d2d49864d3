"""The whole vote flow in headless Chromium: HTMX swaps in place, errors shown, vote replaced,
and the same flow with JavaScript off."""

import pytest

from kb.models import Scenario, Vote


@pytest.fixture
def scenario_url(site):
    return site + Scenario.objects.get(slug="tr-access-token-expired").get_absolute_url()


def _page(browser, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda msg: page.csp_errors.append(msg.text) if "Content Security Policy" in msg.text
        else None,
    )
    return context, page


def test_vote_no_with_reasons_then_change_to_yes(browser, scenario_url):
    context, page = _page(browser)
    page.goto(scenario_url)
    widget = page.locator("#feedback")
    assert "Was this article helpful?" in widget.inner_text()

    widget.get_by_role("button", name="No").click()
    widget.get_by_text("Choose at least one reason").wait_for()
    assert page.url == scenario_url  # swapped in place, no navigation
    page.wait_for_function("document.activeElement.id === 'feedback-title'")
    # The No is kept on the click; the reasons refine it.
    assert "Your “No” is saved" in widget.inner_text()
    vote = Vote.objects.get()
    assert (vote.helpful, vote.reasons) == (False, [])

    widget.get_by_role("button", name="Send feedback").click()
    page.get_by_role("alert").get_by_text("Choose at least one reason, so editors").wait_for()
    assert Vote.objects.get().reasons == []

    widget.get_by_label("Information is outdated or wrong").check()
    widget.get_by_label("Anything else we should know? (optional)").fill("Token page moved")
    widget.get_by_role("button", name="Send feedback").click()
    page.get_by_text("Thanks for your feedback").wait_for()
    assert "Your answer: No, it didn't help" in page.locator("#feedback").inner_text()
    vote = Vote.objects.get()
    assert (vote.helpful, vote.reasons, vote.comment) == (False, ["outdated"], "Token page moved")

    page.locator("#feedback").get_by_role("button", name="Yes").click()
    page.get_by_text("Glad it helped.").wait_for()
    assert Vote.objects.count() == 1
    assert Vote.objects.get().helpful is True

    page.reload()
    yes = page.locator("#feedback").get_by_role("button", name="Yes")
    assert yes.get_attribute("aria-pressed") == "true"
    assert "Your answer: Yes, it helped" in page.locator("#feedback").inner_text()
    assert page.url == scenario_url
    assert page.csp_errors == []
    context.close()


def test_vote_flow_without_javascript(browser, scenario_url):
    context, page = _page(browser, java_script_enabled=False)
    page.goto(scenario_url)
    page.locator("#feedback").get_by_role("button", name="No").click()
    page.wait_for_url("**?feedback=reasons#feedback")
    assert Vote.objects.get().helpful is False  # recorded on the click
    page.get_by_label("Hard to follow").check()
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_url("**?feedback=thanks#feedback")
    assert "Thanks for your feedback" in page.locator("#feedback").inner_text()
    assert Vote.objects.get().reasons == ["hard_to_follow"]

    page.goto(scenario_url + "?feedback=reasons")
    page.get_by_label("Hard to follow").uncheck()
    page.get_by_role("button", name="Send feedback").click()
    assert "Choose at least one reason" in page.locator("#feedback").inner_text()
    assert Vote.objects.get().reasons == ["hard_to_follow"]  # the refused answer changed nothing
    context.close()


def test_answer_that_cannot_be_sent_says_so(browser, scenario_url):
    context, page = _page(browser)
    page.goto(scenario_url)
    context.clear_cookies()  # the CSRF cookie is gone: the server refuses with 403
    page.locator("#feedback").get_by_role("button", name="Yes").click()
    page.get_by_text("Your answer could not be sent. Reload the page and try again.").wait_for()
    assert not Vote.objects.exists()
    context.close()
