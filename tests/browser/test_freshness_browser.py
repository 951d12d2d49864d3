"""An editor opens "Due for review" from the admin index, sees why each article is listed, marks
one reviewed, and the public pages keep their "Updated" date; on a desktop and a phone."""

import datetime

import pytest
from django.utils import timezone

from kb.content import versions
from kb.models import Article, ArticleVersion, Vote

from .conftest import DEVICES, editor_tab

TODAY = timezone.localdate()
OVERDUE_SCENARIO = "contact-not-synced-pm"  # in the Legal Accounting article
ROSE_SCENARIO = "tr-access-token-expired"  # in the Legal Tracker article


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def due(site):
    """One article overdue; the other edited ten days ago and found less helpful since."""
    overdue = Article.objects.get(issues__scenarios__slug=OVERDUE_SCENARIO)
    Article.objects.filter(pk=overdue.pk).update(review_due_on=TODAY - datetime.timedelta(days=3))
    rose = Article.objects.get(issues__scenarios__slug=ROSE_SCENARIO)
    edit = versions.record(rose, message="Token steps rewritten")
    ArticleVersion.objects.filter(pk=edit.pk).update(created_at=days_ago(10))
    for i, (when, helpful) in enumerate([(30, True)] * 4 + [(30, False)] + [(2, False)] * 4
                                        + [(2, True)] * 2):  # fmt: skip
        vote = Vote.objects.create(article=rose, visitor=f"v{i}", helpful=helpful)
        Vote.objects.filter(pk=vote.pk).update(updated_at=days_ago(when))
    return overdue, rose


@pytest.fixture
def editor_page(browser, site, django_user_model, device):
    yield from editor_tab(browser, site, django_user_model, "rita", **DEVICES[device])


class FirstScreen:
    """The page's first screen only, for a screenshot (the scenario page is long)."""

    def __init__(self, page):
        self.page = page

    def screenshot(self, path, full_page=False):
        self.page.screenshot(path=path)


def updated_text(page, site, slug) -> str:
    page.goto(f"{site}/s/{slug}/")
    return page.locator("p.page-updated").inner_text()


def test_due_list_mark_reviewed_and_the_public_updated_line(
    editor_page, site, due, device, screenshot
):
    page = editor_page
    overdue, rose = due
    before = {slug: updated_text(page, site, slug) for slug in (OVERDUE_SCENARIO, ROSE_SCENARIO)}
    assert before[OVERDUE_SCENARIO] == "Updated 24 November 2026"
    assert before[ROSE_SCENARIO] == f"Updated {days_ago(10):%-d %B %Y}"
    suffix = "" if device == "desktop" else "-phone"
    screenshot(FirstScreen(page), f"scenario-updated{suffix}.png")

    page.goto(f"{site}/admin/")
    page.get_by_role("link", name="Articles due for review").click()
    page.wait_for_url(f"{site}/admin/kb/article/due-for-review/")
    assert page.get_by_label("Due within (days)").input_value() == "14"
    rows = page.locator("table.kb-due-table tbody tr")
    assert rows.count() == 2
    overdue_row = page.locator(f"#due-{overdue.pk}")
    rose_row = page.locator(f"#due-{rose.pk}")
    assert "Review overdue since" in overdue_row.inner_text()
    assert "rose from 20% to 67%" in rose_row.inner_text()
    assert "20% of 5 → 67% of 6" in rose_row.inner_text()
    assert rose_row.get_by_role("link", name="Versions").is_visible()
    screenshot(page, f"admin-due-for-review{suffix}.png")

    overdue_row.get_by_role("button", name=f"Mark “{overdue.title}” reviewed").click()
    page.wait_for_url(f"{site}/admin/kb/article/due-for-review/?within=14")
    assert f"Marked “{overdue.title}” reviewed" in page.locator(".messagelist").inner_text()
    assert page.locator(f"#due-{overdue.pk}").count() == 0
    assert page.locator(f"#due-{rose.pk}").count() == 1
    overdue.refresh_from_db()
    assert overdue.last_reviewed_by.username == "rita"
    assert overdue.review_due_on == TODAY + datetime.timedelta(days=180)

    # A review is no content change: the public dates stay as they were.
    after = {slug: updated_text(page, site, slug) for slug in (OVERDUE_SCENARIO, ROSE_SCENARIO)}
    assert after == before
    assert page.csp_errors == []
