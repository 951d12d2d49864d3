"""An editor imports an article through the admin in a real browser: paste, preview, confirm.

Also catches what the Django test client cannot: a CSP violation on the page (it would show up
as a console error) or a form that only works with JavaScript.
"""

import pytest
from django.contrib.auth.models import User

from kb.models import Article, Status

TEXT = """Printer Integration

Issue: Printer <b>not</b> found

Possible Solutions:
  • Go to Settings > Printers and click Add.

Possible Solutions:
  • Reinstall the driver.
"""

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    # The package's one Chromium (tests/browser/conftest.py): a second Playwright cannot run
    # in this thread while the first one's event loop is alive.
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_editor_pastes_previews_and_confirms_an_import(
    live_server, page, transactional_db, plain_static
):
    User.objects.create_superuser("editor", "editor@example.com", "a-long-test-password")
    errors = []
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and not msg.text.startswith("Failed to load resource")
            and errors.append(msg.text)
        ),
    )
    page.on(
        "response",
        lambda r: (
            r.status >= 400 and "favicon" not in r.url and errors.append(f"{r.status} {r.url}")
        ),
    )
    page.goto(f"{live_server.url}/admin/login/?next=/admin/kb/import/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.fill("#id_text", TEXT)
    page.click("input[name=preview]")

    preview = page.locator(".kb-import-preview")
    assert "Issue: Printer <b>not</b> found" in preview.inner_text()  # shown as text, not markup
    assert preview.locator(".kb-needs-title").count() == 2  # issue and scenario of lost heading
    assert not Article.objects.exists()

    page.click("input[name=confirm]")
    page.wait_for_url("**/change/")
    assert Article.objects.get(slug="printer-integration").status == Status.DRAFT
    assert not errors, errors
