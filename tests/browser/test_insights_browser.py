"""An editor reads search insights, suggested synonyms and content gaps in a real browser, on a
desktop and a phone screen (screenshots in docs/screenshots/)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group

from kb.admin.roles import EDITOR_GROUP
from kb.models import Scenario
from tests.learning.learning_support import days_ago, logged

PASSWORD = "correct horse battery staple 42"
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
PAGES = {"insights": "/admin/kb/insights/", "suggestions": "/admin/kb/insights/suggestions/",
         "gaps": "/admin/kb/insights/gaps/"}  # fmt: skip


@pytest.fixture
def usage(site):
    scenario = Scenario.objects.get(slug="contact-not-synced-pm")
    for n in range(4):
        when = days_ago(n * 6 + 1)
        visitor = f"visitor{n}"
        logged("rolodex wont sync", visitor, results=0, when=when, address=f"198.51.{n}.7")
        logged("contact not syncing", visitor, clicked=scenario, fixed=True,
               when=when + timedelta(minutes=2), address=f"198.51.{n}.7")  # fmt: skip
        logged("client number gone", f"gap{n}", results=0, when=when)
        logged("Contact won't sync", f"other{n}", clicked=scenario, fixed=n % 2 == 0, when=when)


@pytest.mark.parametrize("size", SIZES)
def test_editor_reads_insights_suggestions_and_gaps(
    browser, site, usage, django_user_model, screenshot, size
):
    user = django_user_model.objects.create_user("edna", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors = []
    page.on("response", lambda r: r.status >= 400 and "favicon" not in r.url
            and errors.append(f"{r.status} {r.url}"))  # fmt: skip
    page.goto(f"{site}/admin/login/?next=/admin/")
    page.fill("#id_username", "edna")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    for name, path in PAGES.items():
        page.goto(f"{site}{path}")
        screenshot(page, f"insights-{name}-{size}.png")
    page.goto(f"{site}{PAGES['insights']}")
    assert page.locator("text=contact sync").first.is_visible()
    page.goto(f"{site}{PAGES['suggestions']}")
    page.click("button[value=accept]")
    page.wait_for_load_state()
    assert "now means" in page.content()
    page.goto(f"{site}{PAGES['gaps']}")
    assert page.locator("text=Create a draft scenario").first.is_visible()
    assert errors == []
    context.close()
