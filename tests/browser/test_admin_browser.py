"""An editor changes a scenario's steps in the admin (in its article's working copy), in a real
browser, and readers see it once it is published.

Uses the shared `browser` and `site` fixtures (tests/browser/conftest.py); the signed-in admin
tab is this module's own fixture.
"""

import pytest

from kb.content.publishing import publish
from kb.models import Scenario

from .conftest import edit_working_copy, editor_tab

SLUG = "contact-not-synced-pm"


@pytest.fixture
def admin_page(browser, site, django_user_model):
    """A browser tab signed in to the admin as an editor, collecting CSP violations."""
    yield from editor_tab(browser, site, django_user_model, "edna")


def step_texts(page, url):
    page.goto(url)
    items = page.locator("ol.checklist > li > .step-text")
    return [text.strip() for text in items.all_inner_texts()]


def test_editor_edits_and_reorders_steps_and_the_public_page_follows(admin_page, site):
    page = admin_page
    scenario = Scenario.objects.get(slug=SLUG)
    public_url = f"{site}/s/{SLUG}/"
    before = step_texts(page, public_url)

    copy = edit_working_copy(page, site, f"/admin/kb/scenario/{scenario.pk}/change/")
    page.fill('textarea[name="steps-0-text"]', "Open the contact card and press **Resync now**.")
    # The second step moves up with the reorder script's button; order inputs renumber at once.
    page.locator("#steps-1").get_by_role("button", name="Move up").click()
    assert page.input_value('#steps-1 input[name="steps-1-order"]') == "10"
    assert page.input_value('#steps-0 input[name="steps-0-order"]') == "20"
    page.click('input[name="_save"]')
    page.wait_for_url(f"{site}/admin/kb/scenario/")
    assert "was changed successfully" in page.content()
    assert step_texts(page, public_url) == before  # the public page waits for publishing
    publish(Scenario.objects.get(pk=copy.split("/")[-3]).issue.article)

    after = step_texts(page, public_url)
    assert after[0] == before[1]
    assert after[1].startswith("Open the contact card and press Resync now.")
    assert page.locator("ol.checklist .step-text strong", has_text="Resync now").count() == 1
    assert page.csp_errors == []


def test_dragging_a_step_by_its_handle_puts_it_first(admin_page, site):
    page = admin_page
    scenario = Scenario.objects.get(slug=SLUG)
    public_url = f"{site}/s/{SLUG}/"
    before = step_texts(page, public_url)

    copy = edit_working_copy(page, site, f"/admin/kb/scenario/{scenario.pk}/change/")
    # Headless Chromium does not scroll during an HTML5 drag: keep both rows in view.
    page.set_viewport_size({"width": 1280, "height": 6000})
    page.locator("#steps-2 .kb-drag-handle").drag_to(
        page.locator("#steps-0 h3"), target_position={"x": 5, "y": 2}
    )
    assert page.input_value('input[name="steps-2-order"]') == "10"
    page.click('input[name="_save"]')
    page.wait_for_url(f"{site}/admin/kb/scenario/")
    publish(Scenario.objects.get(pk=copy.split("/")[-3]).issue.article)

    assert step_texts(page, public_url) == [before[2], before[0], before[1], *before[3:]]


def test_admin_editing_pages_run_under_the_csp_without_errors(admin_page, site):
    """The strict CSP (no inline script or style) must not break any page editors use."""
    page = admin_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    scenario = Scenario.objects.get(slug=SLUG)
    step = scenario.steps.first()
    article = scenario.issue.article
    urls = [
        "/admin/kb/article/",
        f"/admin/kb/article/{article.pk}/change/",
        "/admin/kb/article/add/",
        f"/admin/kb/issue/{scenario.issue.pk}/change/",
        "/admin/kb/scenario/?issue__article__status__exact=published",
        "/admin/kb/scenario/add/",
        f"/admin/kb/scenario/{scenario.pk}/history/",
        f"/admin/kb/solutionstep/{step.pk}/change/",
    ]
    for url in urls:
        page.goto(f"{site}{url}")
        assert page.locator("#content").count() == 1, url
    copy = edit_working_copy(page, site, f"/admin/kb/article/{article.pk}/change/")
    copy_id = copy.split("/")[-3]
    for url in [copy, f"/admin/kb/article/{copy_id}/compare-published/"]:
        page.goto(f"{site}{url}")
        assert page.locator("#content").count() == 1, url
    page.goto(f"{site}/admin/kb/article/{copy_id}/preview/")
    assert page.locator(".preview-banner").count() == 1

    # The title fills the slug as the editor types (the admin's prepopulate script).
    page.goto(f"{site}/admin/kb/article/add/")
    page.locator("#id_title").press_sequentially("Trust Receipts Not Posting")
    assert page.input_value("#id_slug") == "trust-receipts-not-posting"
    assert (page.csp_errors, errors) == ([], [])
