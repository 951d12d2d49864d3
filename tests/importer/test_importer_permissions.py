"""Who may import what: creating needs add, replacing needs change (and delete where scenarios
go), publishing, or replacing a published article, needs publish (reviewers), on the admin
import page and for kb_import --user alike."""

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.test import Client

from kb.models import Article, Scenario, Status, StepCheck, StepOutcome, Vote

URL = "/admin/kb/import/"
TARGET = "legal-accounting-integration"
# The reported attack: a title line carrying an existing article's slug, one scenario left.
REPLACEMENT = f"""Legal Accounting Integration {{#{TARGET}}}

Issue: Everything is fine

Possible Solutions:
  • Nothing to do.
"""
NEW = """Printer Integration

Issue: Printer not found

Possible Solutions:
  • Go to Settings > Printers and click Add.
"""


def staff(*codenames, name="staff"):
    user = User.objects.create_user(name, is_staff=True)
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def preview(client, text, **data):
    return client.post(URL, {"preview": "Preview", "text": text, **data})


def confirm(client, text, **data):
    """The confirm step posted directly, as a hostile user would, skipping the preview."""
    return client.post(URL, {"source_text": text, "confirm": "1", **data})


@pytest.fixture
def with_feedback(content):
    scenario = Scenario.objects.filter(issue__article__slug=TARGET).first()
    step = scenario.steps.first()
    Vote.objects.record(visitor="v1", article=scenario.issue.article, scenario=scenario,
                        helpful=True)  # fmt: skip
    StepOutcome.objects.create(step=step, visitor="v1", outcome="fixed")
    StepCheck.objects.create(step=step, visitor="v1")
    return scenario


def snapshot():
    article = Article.objects.get(slug=TARGET)
    return (
        article.title, article.status,
        sorted(Scenario.objects.filter(issue__article=article).values_list("slug", "archived_at")),
        Vote.objects.count(), StepOutcome.objects.count(), StepCheck.objects.count(),
    )  # fmt: skip


def test_add_only_user_cannot_replace_a_published_article(with_feedback):
    before = snapshot()
    client = client_for(staff("add_article"))
    page = preview(client, REPLACEMENT).content.decode()
    assert "already exists, and replacing it needs the permission to change articles" in page
    assert "Confirm import" not in page
    for data in ({}, {"archive_removed": "on"}, {"publish": "on", "archive_removed": "on"}):
        response = confirm(client, REPLACEMENT, **data)
        assert response.status_code == 200
        assert "needs the permission to change articles" in response.content.decode()
    assert snapshot() == before


def test_add_only_user_creates_a_draft_but_cannot_publish_on_import(db):
    client = client_for(staff("add_article"))
    page = preview(client, NEW, publish="on").content.decode()
    assert "Publishing needs the permission to publish articles" in page
    response = confirm(client, NEW, publish="on")
    assert "Publishing needs the permission to publish articles" in response.content.decode()
    assert not Article.objects.exists()
    assert confirm(client, NEW).status_code == 302  # creating is what "add" allows
    assert Article.objects.get(slug="printer-integration").status == Status.DRAFT


def test_change_without_delete_cannot_remove_scenarios(with_feedback):
    before = snapshot()
    client = client_for(staff("change_article"))
    assert (
        "needs the permission to delete scenarios" in preview(client, REPLACEMENT).content.decode()
    )
    response = confirm(client, REPLACEMENT, archive_removed="on")
    assert "needs the permission to delete scenarios" in response.content.decode()
    assert snapshot() == before


def test_replacing_a_published_article_needs_publish(with_feedback):
    """The public would see an import into a published article at once: a review decision."""
    before = snapshot()
    client = client_for(staff("change_article", "delete_scenario"))
    page = preview(client, REPLACEMENT).content.decode()
    assert "is published: replacing it would change the public page" in page
    response = confirm(client, REPLACEMENT, archive_removed="on")
    assert "needs the permission to publish articles" in response.content.decode()
    assert snapshot() == before


def test_change_and_delete_may_replace_a_draft_once_the_archive_is_confirmed(with_feedback):
    Article.objects.filter(slug=TARGET).update(status=Status.DRAFT)
    client = client_for(staff("change_article", "delete_scenario"))
    assert confirm(client, REPLACEMENT).status_code == 200  # not confirmed: refused
    assert not Scenario.objects.filter(archived_at__isnull=False).exists()
    response = confirm(client, REPLACEMENT, archive_removed="on")
    assert response.status_code == 302
    with_feedback.refresh_from_db()
    assert with_feedback.is_archived


def test_a_reviewer_may_replace_a_published_article(with_feedback):
    client = client_for(staff("change_article", "delete_scenario", "publish_article"))
    assert confirm(client, REPLACEMENT, archive_removed="on").status_code == 302
    with_feedback.refresh_from_db()
    assert with_feedback.is_archived


# --- kb_import --user ---------------------------------------------------------------------------


def run(tmp_path, text, *args):
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    call_command("kb_import", str(path), *args, verbosity=0)


def test_cli_as_an_add_only_user_cannot_replace_an_article(with_feedback, tmp_path):
    before = snapshot()
    staff("add_article", name="adder")
    with pytest.raises(CommandError, match="replacing it needs the permission to change articles"):
        run(tmp_path, REPLACEMENT, "--user", "adder", "--archive-removed")
    assert snapshot() == before


def test_cli_as_an_add_only_user_creates_drafts_but_cannot_publish(db, tmp_path):
    staff("add_article", name="adder")
    with pytest.raises(CommandError, match="Publishing needs the permission"):
        run(tmp_path, NEW, "--user", "adder", "--publish")
    assert not Article.objects.exists()
    run(tmp_path, NEW, "--user", "adder")
    assert Article.objects.get(slug="printer-integration").status == Status.DRAFT


def test_cli_as_change_without_delete_cannot_remove_scenarios(with_feedback, tmp_path):
    before = snapshot()
    staff("change_article", name="changer")
    with pytest.raises(CommandError, match="needs the permission to delete scenarios"):
        run(tmp_path, REPLACEMENT, "--user", "changer", "--archive-removed")
    assert snapshot() == before


def test_cli_with_an_unknown_user_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="no active user 'nobody'"):
        run(tmp_path, NEW, "--user", "nobody")
    assert not Article.objects.exists()


def test_cli_without_a_user_acts_as_the_operator(with_feedback, tmp_path):
    run(tmp_path, REPLACEMENT, "--publish", "--archive-removed")
    assert Scenario.objects.current().filter(issue__article__slug=TARGET).count() == 1
