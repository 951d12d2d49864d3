"""An editor imports an article through the admin in a real browser: paste, preview, confirm.

Also catches what the Django test client cannot: a CSP violation on the page (it would show up
as a console error) or a form that only works with JavaScript.
"""

import os
import shutil

import pytest
from django.contrib.auth.models import User
from django.db import connections

from kb.models import Article, Status

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
TEXT = """Printer Integration

Issue: Printer <b>not</b> found

Possible Solutions:
  • Go to Settings > Printers and click Add.

Possible Solutions:
  • Reinstall the driver.
"""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} not found"),
]


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test body
    # are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser.new_page()
        browser.close()
        # ORM calls made while Playwright runs get their own connection (Playwright switches
        # greenlets, and Django keys connections by context); close it, or the test database
        # cannot be dropped at the end of the run.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def plain_static(settings):
    # live_server serves static files through the finders, which know no hashed manifest names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
