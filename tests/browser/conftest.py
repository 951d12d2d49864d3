"""Headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser) via Playwright.

Every test here is marked `browser` and skipped, with the reason, when Chromium is missing
(failed instead under KB_REQUIRE_SERVICES=1, as in CI: see tests/services.py).
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.db import connections

from ..admin.support import PASSWORD
from ..services import service_missing

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        service_missing(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, so Django would refuse the
    # (synchronous, perfectly safe) database calls of pytest-django's fixtures. Package scope:
    # the loop and this setting end with the last browser test, so neither leaks into other
    # tests or their subprocesses (`check --deploy` rightly fails on it).
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
        # ORM calls made while Playwright runs get their own connection (Playwright switches
        # greenlets, and Django keys connections by context); close them, or PostgreSQL
        # cannot drop the test database at the end of the run.
        connections.close_all()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def plain_static(settings):
    # live_server serves static files through the finders, which know no hashed manifest names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def site(browser, live_server, transactional_db, plain_static):
    """The live server's address, with the seed content loaded (and indexed, when there is
    an index to build)."""
    call_command("kb_load_content", verbosity=0)
    if "kb_rebuild_index" in get_commands():
        call_command("kb_rebuild_index", verbosity=0)
    return live_server.url


class PageWatch:
    """What a page did that it must not: requests elsewhere, CSP violations, script errors."""

    def __init__(self, page, origin):
        self.origin = origin
        self.external = []
        self.errors = []
        page.on("request", self._request)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _request(self, request):
        if not request.url.startswith((self.origin, "data:")):
            self.external.append(request.url)

    def _console(self, message):
        if message.type == "error" and "status of 4" not in message.text:
            self.errors.append(message.text)

    def assert_clean(self):
        assert self.external == [], f"external requests: {self.external}"
        assert self.errors == [], f"console errors: {self.errors}"


def _context(browser, **options):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser, site):
    context = _context(browser)
    page = context.new_page()
    page.watch = PageWatch(page, site)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, site):
    context = _context(browser, java_script_enabled=False)
    page = context.new_page()
    page.watch = PageWatch(page, site)
    yield page
    context.close()


@pytest.fixture
def screenshot(tmp_path):
    # The committed screenshots change only when asked (KB_UPDATE_SCREENSHOTS=1): a page shows
    # the live server's random port, so every run would otherwise dirty the work tree.
    folder = SCREENSHOTS if os.environ.get("KB_UPDATE_SCREENSHOTS") == "1" else tmp_path

    def take(page, name):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)
        assert (folder / name).stat().st_size > 10_000, f"{name}: screenshot looks empty"

    return take


# The two screens every journey is tried on: a laptop, and a phone held upright.
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}


class StrictWatch(PageWatch):
    """PageWatch that also catches CSP violations, which Chromium reports as console errors
    and as `securitypolicyviolation` events (collected on every page the tab opens)."""

    def __init__(self, page, origin):
        super().__init__(page, origin)
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
        )


@pytest.fixture(params=list(DEVICES))
def device(request):
    return request.param


@pytest.fixture
def device_page(browser, site, device):
    """A tab on a desktop or a phone screen (the test runs once for each)."""
    context = browser.new_context(**DEVICES[device])
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.watch = StrictWatch(page, site)
    page.device = device
    yield page
    context.close()


def editor_tab(browser, site, django_user_model, username, group="Editor", **context_options):
    """A browser tab signed in to the admin as an editor (or a member of `group`, e.g.
    "Reviewer"), collecting CSP violations in `page.csp_errors`; yields the page and closes
    its context afterwards."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    context = browser.new_context(**context_options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_errors.append(message.text)
        ),
    )
    page.goto(f"{site}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    yield page
    context.close()


def edit_working_copy(page, site, admin_path) -> str:
    """On the read-only admin page of published content, click "Edit working copy"; returns
    the admin path of the working copy's counterpart (where the click leads)."""
    page.goto(f"{site}{admin_path}")
    page.click("#edit-working-copy")
    page.wait_for_url(
        lambda url: url.rstrip("/").endswith("/change") and url != f"{site}{admin_path}"
    )
    return page.url.removeprefix(site)
