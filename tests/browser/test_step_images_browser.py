"""An editor adds a screenshot to a step in the admin, with alt text; the public scenario page
shows it under that step, loaded from this site only, fitting a laptop and a phone screen, and a
click opens the full image."""

import pytest

from kb.content.publishing import publish
from kb.models import Scenario, StepImage

from .conftest import DEVICES, StrictWatch, edit_working_copy, editor_tab

SLUG = "contact-not-synced-pm"
ALT = "Contact card in Practice Management: the status indicator shows a red error"


@pytest.fixture
def editor_page(browser, site, django_user_model):
    yield from editor_tab(browser, site, django_user_model, "ida",
                          viewport={"width": 1280, "height": 800})  # fmt: skip


class OneScreen:
    """The screen as the visitor sees it, not the whole (long) page."""

    def __init__(self, page):
        self.page = page

    def screenshot(self, path, full_page=False):
        self.page.screenshot(path=path)


def a_real_screenshot(page, site, path):
    """A genuine screenshot to upload: the public scenario page, as a browser draws it."""
    page.goto(f"{site}/s/{SLUG}/")
    page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": 1100, "height": 620})
    return path


def test_editor_uploads_a_screenshot_and_visitors_see_it(
    editor_page, browser, site, screenshot, tmp_path
):
    page = editor_page
    upload = a_real_screenshot(page, site, tmp_path / "contact card (client Smith).png")
    step = Scenario.objects.get(slug=SLUG).steps.order_by("order")[0]

    # The article is published: the screenshot goes into its working copy, then is published.
    edit_working_copy(page, site, f"/admin/kb/scenario/{step.scenario_id}/change/")
    copy = Scenario.objects.get(pk=int(page.url.rstrip("/").split("/")[-2]))
    copy_step = copy.steps.order_by("order")[0]
    page.get_by_role("link", name="Screenshots (0)").first.click()
    page.wait_for_url(f"{site}/admin/kb/solutionstep/{copy_step.pk}/change/#images-group")
    page.locator("#images-group .add-row a").click()
    page.set_input_files('input[name="images-0-file"]', str(upload))
    page.fill('input[name="images-0-alt"]', ALT)
    page.fill('input[name="images-0-caption"]', "Hover over the indicator for the details.")
    page.click('input[name="_continue"]')
    page.wait_for_selector(".messagelist .success")
    image = StepImage.objects.get(step=copy_step)
    assert "Smith" not in image.file.name and (image.width, image.height) == (1100, 620)
    thumbnail = page.locator("#images-group .field-thumbnail img")
    assert thumbnail.get_attribute("alt") == ALT
    assert page.evaluate("img => img.naturalWidth", thumbnail.element_handle()) == 1100
    page.locator("#images-group").scroll_into_view_if_needed()
    screenshot(page, "admin-step-screenshot.png")
    assert page.csp_errors == []
    publish(copy.issue.article)  # as a reviewer would
    assert StepImage.objects.get(step=step).file.name == image.file.name

    for device, options in DEVICES.items():
        context = browser.new_context(**options)
        visitor = context.new_page()
        visitor.watch = StrictWatch(visitor, site)
        visitor.goto(f"{site}/s/{SLUG}/")
        shown = visitor.locator(f"#step-{step.pk} .step-images img")
        assert shown.get_attribute("alt") == ALT and shown.get_attribute("loading") == "lazy"
        assert (shown.get_attribute("width"), shown.get_attribute("height")) == ("1100", "620")
        shown.scroll_into_view_if_needed()
        visitor.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                  arg=shown.element_handle())  # fmt: skip
        box = shown.bounding_box()
        viewport = options["viewport"]["width"]
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport, (device, box)
        assert box["height"] == pytest.approx(box["width"] * 620 / 1100, abs=2)  # not squashed
        visitor.locator(f"#step-{step.pk}").scroll_into_view_if_needed()
        screenshot(OneScreen(visitor), f"scenario-screenshot-{device}.png")
        visitor.watch.assert_clean()  # nothing from elsewhere, no CSP violation
        with visitor.expect_navigation():
            shown.click()  # the full image
        assert visitor.url == f"{site}/media/{image.file.name}"
        context.close()
