"""A re-import that drops scenarios visitors gave feedback on: the preview counts that feedback
and asks to confirm; the scenarios are archived, never deleted, and their feedback stays in the
reports while no page or search shows them."""

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from kb import search
from kb.models import Scenario, StepCheck, StepOutcome, Vote

URL = "/admin/kb/import/"
REPORTS = "/admin/kb/vote/reports/"
TARGET = "legal-accounting-integration"
KEPT = "sync-not-working"


def only_first_issue():
    """The article as exported, with every issue but the first dropped."""
    from kb.importer.exporter import export_markdown
    from kb.models import Article

    text = export_markdown(Article.objects.get(slug=TARGET))
    second = text.index("\n## ", text.index("\n## ") + 1)
    return text[:second] + "\n"


@pytest.fixture
def dropped(searchable):
    """A scenario the trimmed file leaves out, with one vote, one outcome and one tick."""
    kept = set(Scenario.objects.filter(issue__article__slug=TARGET).order_by("issue__order")
               .filter(issue__order=1).values_list("slug", flat=True))  # fmt: skip
    scenario = Scenario.objects.filter(issue__article__slug=TARGET).exclude(slug__in=kept).first()
    step = scenario.steps.first()
    Vote.objects.record(visitor="v1", article=scenario.issue.article, scenario=scenario,
                        helpful=False, reasons=["outdated"])  # fmt: skip
    StepOutcome.objects.create(step=step, visitor="v1", outcome="fixed")
    StepCheck.objects.create(step=step, visitor="v1")
    return scenario


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(User.objects.create_superuser("boss", "b@example.com", None))
    return client


def test_preview_counts_the_feedback_and_asks_to_confirm(admin_client, dropped):
    text = only_first_issue()
    page = admin_client.post(URL, {"preview": "1", "text": text}).content.decode()
    assert "1 vote(s), 1 step outcome(s), 1 checklist tick(s)" in page
    assert dropped.slug in page and 'name="archive_removed"' in page

    response = admin_client.post(URL, {"source_text": text, "confirm": "1"})
    assert response.status_code == 200
    assert (
        "They will be archived with that feedback kept; confirm that" in response.content.decode()
    )
    assert (
        Scenario.objects.filter(issue__article__slug=TARGET, archived_at__isnull=False).count() == 0
    )


def test_confirmed_reimport_archives_and_keeps_the_feedback_in_the_reports(
    admin_client, dropped, django_capture_on_commit_callbacks, client
):
    page_url = dropped.get_absolute_url()
    assert client.get(page_url).status_code == 200
    assert dropped.slug in {hit.slug for hit in search.search(dropped.title, limit=50).results}

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            URL, {"source_text": only_first_issue(), "confirm": "1", "archive_removed": "on"}
        )
    assert response.status_code == 302
    dropped.refresh_from_db()
    assert dropped.is_archived
    assert Vote.objects.filter(scenario=dropped).count() == 1
    assert StepOutcome.objects.filter(step__scenario=dropped).count() == 1
    assert StepCheck.objects.filter(step__scenario=dropped).count() == 1

    article = dropped.issue.article
    report = admin_client.get(f"{REPORTS}article/{article.pk}/")
    row = next(r for r in report.context["targets"] if r.scenario == dropped)
    assert row.tally["no"] == 1
    assert "(archived)" in report.content.decode()
    steps = admin_client.get(f"{REPORTS}scenario/{dropped.pk}/").context["steps"].rows
    assert sum(r.ticked for r in steps) == 1 and sum(r.fixed for r in steps) == 1

    # Gone from everything visitors (and staff browsing the site) see.
    assert client.get(page_url).status_code == 404
    assert admin_client.get(page_url).status_code == 404
    assert dropped.title not in client.get(article.get_absolute_url()).content.decode()
    assert dropped.slug not in {hit.slug for hit in search.search(dropped.title, limit=50).results}


def test_importing_the_scenario_again_brings_it_back(admin_client, dropped, tmp_path):
    from kb.importer.exporter import export_markdown

    full = export_markdown(dropped.issue.article)
    path = tmp_path / "trimmed.md"
    path.write_text(only_first_issue(), encoding="utf-8")
    call_command("kb_import", str(path), "--archive-removed", verbosity=0)
    path.write_text(full, encoding="utf-8")
    call_command("kb_import", str(path), verbosity=0)
    dropped.refresh_from_db()
    assert not dropped.is_archived and dropped.votes.count() == 1


def test_cli_needs_archive_removed_to_archive_scenarios_with_feedback(dropped, tmp_path):
    path = tmp_path / "trimmed.md"
    path.write_text(only_first_issue(), encoding="utf-8")
    with pytest.raises(CommandError, match="--archive-removed"):
        call_command("kb_import", str(path), verbosity=0)
    dropped.refresh_from_db()
    assert not dropped.is_archived
