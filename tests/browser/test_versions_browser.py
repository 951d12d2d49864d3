"""An editor edits a step (in the working copy, then published), reads the article's versions,
compares two, and restores the first (into the working copy, then published), in a real
browser; the public page and search follow at each step, and nothing breaks the CSP."""

import pytest

from kb.content.publishing import publish
from kb.content.working_copy import of as working_copy_of
from kb.models import Scenario

from .conftest import edit_working_copy, editor_tab

SLUG = "contact-not-synced-pm"
NEW_TEXT = "Press the Quuxbutton on the contact card to resync it."


@pytest.fixture
def editor_page(browser, site, django_user_model):
    """A browser tab signed in to the admin as an editor, collecting CSP violations."""
    viewport = {"width": 1200, "height": 900}
    yield from editor_tab(browser, site, django_user_model, "vera", viewport=viewport)


class FirstScreen:
    """A page whose screenshot is its first screen only (the scenario form is very long)."""

    def __init__(self, page):
        self.page = page

    def screenshot(self, path, full_page=False):
        self.page.screenshot(path=path, clip={"x": 0, "y": 0, "width": 1200, "height": 900})


def public_state(page, site) -> tuple[str, bool]:
    """The scenario page's first step, and whether searching the new word finds the scenario."""
    page.goto(f"{site}/s/{SLUG}/")
    first = page.locator("ol.checklist > li > .step-text").first.inner_text().strip()
    page.goto(f"{site}/search?q=quuxbutton")
    found = page.locator(f'a[href^="/s/{SLUG}/"]').count() > 0
    return first, found


def test_edit_history_compare_restore(editor_page, site, screenshot):
    page = editor_page
    scenario = Scenario.objects.get(slug=SLUG)
    original, found = public_state(page, site)
    assert not found and "Quuxbutton" not in original

    edit_working_copy(page, site, f"/admin/kb/scenario/{scenario.pk}/change/")
    page.fill('textarea[name="steps-0-text"]', NEW_TEXT)
    page.fill('input[name="version_message"]', "Clearer first step")
    page.click('input[name="_save"]')
    page.wait_for_url(f"{site}/admin/kb/scenario/")
    assert public_state(page, site) == (original, False)
    publish(working_copy_of(scenario.issue.article))
    assert public_state(page, site) == (NEW_TEXT, True)

    page.goto(f"{site}/admin/kb/article/{scenario.issue.article.pk}/change/")
    page.get_by_role("link", name="Versions", exact=True).click()
    rows = page.locator("table.kb-versions tbody tr")
    assert rows.count() == 2
    assert "Clearer first step" in rows.first.inner_text() and "vera" in rows.first.inner_text()
    screenshot(page, "admin-versions.png")

    page.get_by_role("button", name="Compare selected versions").click()
    diff = page.locator(".kb-diff")
    assert any("Quuxbutton" in text for text in diff.locator("ins").all_inner_texts())
    assert diff.locator("del").count() > 0
    screenshot(page, "admin-compare.png")

    page.get_by_role("button", name="Restore version 1").click()
    copy = working_copy_of(scenario.issue.article)
    page.wait_for_url(f"{site}/admin/kb/article/{copy.pk}/change/")
    assert "restored into the working copy" in page.locator(".messagelist").inner_text()
    assert public_state(page, site) == (NEW_TEXT, True)  # until the working copy is published
    publish(copy)
    page.goto(f"{site}/admin/kb/article/{scenario.issue.article.pk}/versions/")
    assert page.locator("table.kb-versions tbody tr").count() == 3
    assert public_state(page, site) == (original, False)
    assert page.csp_errors == []


def test_two_editors_saving_the_same_scenario_the_second_sees_the_conflict(
    editor_page, site, screenshot
):
    page = editor_page
    scenario = Scenario.objects.get(slug=SLUG)
    url = site + edit_working_copy(page, site, f"/admin/kb/scenario/{scenario.pk}/change/")
    other = page.context.new_page()  # the same editor in a second tab stands in for a colleague
    page.goto(url)
    other.goto(url)
    other.fill('textarea[name="steps-0-text"]', NEW_TEXT)
    other.click('input[name="_save"]')
    other.wait_for_url(f"{site}/admin/kb/scenario/")

    page.fill('textarea[name="symptom"]', "My symptom, typed while the other tab saved.")
    page.click('input[name="_save"]')

    conflict = page.locator(".kb-conflict")
    assert "Changed by someone else" in conflict.inner_text()
    assert any("Quuxbutton" in text for text in conflict.locator("ins").all_inner_texts())
    assert page.input_value('textarea[name="symptom"]').startswith("My symptom")
    # The step this editor did not touch now shows the colleague's text.
    assert page.input_value('textarea[name="steps-0-text"]') == NEW_TEXT
    screenshot(FirstScreen(page), "admin-conflict.png")
    page.click('input[name="_save"]')  # saving again, having seen the change, keeps both
    page.wait_for_url(f"{site}/admin/kb/scenario/")
    publish(working_copy_of(scenario.issue.article))
    scenario.refresh_from_db()
    assert scenario.symptom.startswith("My symptom")
    assert public_state(page, site) == (NEW_TEXT, True)
    assert page.csp_errors == []
