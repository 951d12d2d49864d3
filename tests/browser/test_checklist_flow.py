"""The scenario checklist in a real browser: ticks persist, focus moves, no JS needed."""

from playwright.sync_api import expect

SCENARIO = "/s/matter-not-synced-pm/"


def step(page, ref):
    return page.locator(f'[data-ref="{ref}"]')


def test_ticking_a_step_survives_a_reload(page, site):
    page.goto(site + SCENARIO)
    page.evaluate("window.__sameDocument = true")
    check = step(page, "matter-not-synced-pm/2").locator(".check").first
    check.click()
    expect(check).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#progress")).to_contain_text("1 of ")
    assert page.evaluate("window.__sameDocument === true")
    # The button was swapped, but keyboard focus stays on it.
    assert page.evaluate("document.activeElement.classList.contains('check')")
    page.reload()
    expect(step(page, "matter-not-synced-pm/2").locator(".check").first).to_have_attribute(
        "aria-pressed", "true"
    )
    page.watch.assert_clean()


def test_keyboard_ticks_a_substep_and_keeps_focus(page, site):
    page.goto(site + SCENARIO)
    check = step(page, "matter-not-synced-pm/4.1").locator(".check")
    check.focus()
    page.keyboard.press("Space")
    expect(check).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("document.activeElement.closest('[data-ref]').dataset.ref") == (
        "matter-not-synced-pm/4.1"
    )
    page.watch.assert_clean()


def test_didnt_help_moves_focus_to_the_next_step(page, site, screenshot):
    page.goto(site + SCENARIO)
    step(page, "matter-not-synced-pm/1").get_by_role("button", name="Didn't help").click()
    expect(step(page, "matter-not-synced-pm/2")).to_be_focused()
    step(page, "matter-not-synced-pm/2").get_by_role("button", name="Didn't help").click()
    expect(step(page, "matter-not-synced-pm/3")).to_be_focused()
    step(page, "matter-not-synced-pm/4.1").locator(".check").click()
    expect(step(page, "matter-not-synced-pm/4.1").locator(".check")).to_have_attribute(
        "aria-pressed", "true"
    )
    summary = page.locator("#support-summary")
    expect(summary).to_contain_text("2. [x] If the client on a previously synced matter")
    expect(summary).to_contain_text("→ Didn't help")
    page.mouse.move(0, 0)
    screenshot(page, "scenario.png")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy summary").click()
    expect(page.locator(".copy-status")).to_have_text("Copied to the clipboard.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Problem: Matter Is Not Synchronized in Practice Management")
    assert "→ Didn't help" in copied
    page.watch.assert_clean()


def test_checklist_works_with_javascript_off(page_without_js, site):
    page = page_without_js
    page.goto(site + SCENARIO)
    step(page, "matter-not-synced-pm/1").locator(".check").click()
    page.wait_for_url("**#step-*")
    expect(step(page, "matter-not-synced-pm/1").locator(".check")).to_have_attribute(
        "aria-pressed", "true"
    )
    step(page, "matter-not-synced-pm/1").get_by_role("button", name="Didn't help").click()
    page.wait_for_load_state()
    next_id = step(page, "matter-not-synced-pm/2").get_attribute("id")
    assert page.url.endswith(f"#{next_id}")
    expect(page.locator("#support-summary")).to_contain_text("→ Didn't help")
    # Without JS there is no copy button, but the summary is there to select.
    expect(page.get_by_role("button", name="Copy summary")).to_be_hidden()
    page.get_by_role("button", name="Start over").click()
    page.wait_for_load_state()
    expect(page.locator("#progress")).to_contain_text("0 of ")
    page.watch.assert_clean()
