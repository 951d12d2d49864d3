"""The review workflow in a real browser, on a desktop and a phone screen: an editor edits a
published scenario (its working copy), previews it, compares it with the published article and
submits it; a reviewer publishes it; a restore goes into the working copy and is published in
turn. The public page and search are checked at every step, as a visitor sees them."""

import pytest

from kb.models import Scenario

from .conftest import DEVICES, edit_working_copy, editor_tab

SLUG = "contact-not-synced-pm"
NEW_TEXT = "Press the Quuxbutton on the contact card to resync it."


@pytest.fixture
def tabs(browser, site, django_user_model, device):
    """An editor's tab, a reviewer's tab and a visitor's tab, on the same screen size."""
    editor = editor_tab(browser, site, django_user_model, "edna", **DEVICES[device])
    reviewer = editor_tab(
        browser, site, django_user_model, "rita", group="Reviewer", **DEVICES[device]
    )
    visitor = browser.new_context(**DEVICES[device])
    visitor.set_default_timeout(15_000)
    yield next(editor), next(reviewer), visitor.new_page()
    visitor.close()
    for tab in (editor, reviewer):
        next(tab, None)


def public_state(page, site) -> tuple[str, bool]:
    """The scenario page's first step, and whether a search for the new word finds it."""
    page.goto(f"{site}/s/{SLUG}/")
    first = page.locator("ol.checklist > li > .step-text").first.inner_text().strip()
    page.goto(f"{site}/search?q=quuxbutton")
    return first, page.locator(f'a[href^="/s/{SLUG}/"]').count() > 0


def test_edit_preview_submit_publish_restore(tabs, site, device, screenshot):
    editor, reviewer, visitor = tabs
    scenario = Scenario.objects.get(slug=SLUG)
    article = scenario.issue.article
    original, found = public_state(visitor, site)
    assert not found

    # The editor: the published page is read-only; "Edit working copy" opens the copy.
    editor.goto(f"{site}/admin/kb/scenario/{scenario.pk}/change/")
    assert editor.locator('input[name="_save"]').count() == 0
    copy_url = edit_working_copy(editor, site, f"/admin/kb/scenario/{scenario.pk}/change/")
    editor.fill('textarea[name="steps-0-text"]', NEW_TEXT)
    editor.click('input[name="_save"]')
    editor.wait_for_url(f"{site}/admin/kb/scenario/")
    assert public_state(visitor, site) == (original, False)

    # Preview: the public templates, the new text, a staff-only banner.
    editor.goto(f"{site}{copy_url}")
    editor.click("text=Working copy's article page")
    copy_article = editor.url.removeprefix(site)
    editor.click("#preview-working-copy")
    assert "Preview of working copy" in editor.locator(".preview-banner").inner_text()
    editor.locator("a[href*='/preview/']", has_text=scenario.title).first.click()
    editor.wait_for_url(lambda url: "/preview/" in url and not url.endswith("/preview/"))
    assert NEW_TEXT in editor.locator("ol.checklist").inner_text()
    screenshot(editor, f"admin-preview-{device}.png")

    # Compare with published: the changed words.
    editor.goto(f"{site}{copy_article}")
    editor.click("#compare-published")
    assert any("Quuxbutton" in t for t in editor.locator(".kb-diff ins").all_inner_texts())
    screenshot(editor, f"admin-compare-published-{device}.png")

    # Submit for review, with a note.
    editor.goto(f"{site}{copy_article}")
    assert editor.locator("#publish-now").count() == 0  # editors do not publish
    editor.fill('input[name="note"]', "Clearer first step")
    editor.click("#submit-for-review")
    assert editor.locator("#review-state").inner_text() == "Waiting for review"
    assert public_state(visitor, site) == (original, False)

    # The reviewer finds it waiting, and publishes it.
    reviewer.goto(f"{site}/admin/kb/article/?review=waiting")
    reviewer.locator("#result_list a", has_text=article.title).first.click()
    assert "Clearer first step" in reviewer.locator(".kb-review").inner_text()
    screenshot(reviewer, f"admin-review-{device}.png")
    reviewer.click("#publish-now")
    reviewer.wait_for_url(f"{site}/admin/kb/article/{article.pk}/change/")
    assert "Published" in reviewer.locator(".messagelist").inner_text()
    assert public_state(visitor, site) == (NEW_TEXT, True)

    # Restore the first version: into a new working copy; public unchanged until published.
    reviewer.goto(f"{site}/admin/kb/article/{article.pk}/versions/")
    reviewer.locator("form[action$='/versions/1/restore/'] button").click()
    assert "restored into the working copy" in reviewer.locator(".messagelist").inner_text()
    assert public_state(visitor, site) == (NEW_TEXT, True)
    reviewer.click("#publish-now")
    reviewer.wait_for_url(f"{site}/admin/kb/article/{article.pk}/change/")
    assert public_state(visitor, site) == (original, False)
    screenshot(reviewer, f"admin-published-{device}.png")
    assert editor.csp_errors == [] and reviewer.csp_errors == []
