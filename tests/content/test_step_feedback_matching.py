"""Feedback stays with its step: a re-import matches steps by content, not position, so
inserting, reordering or lightly rewording steps keeps each step's outcomes and ticks on it; a
step rewritten into something else starts a fresh count, and the old one stays in the report."""

import pytest

from kb import search
from kb.importer import read_article
from kb.importer.writer import save
from kb.models import Scenario, SolutionStep, StepCheck, StepOutcome

pytestmark = pytest.mark.django_db

A = "Open Admin > Sync and click Retry on the contact."
B = "Check that the contact has an email address."
C = "Ask the firm administrator to reconnect the integration."
X = "Clear the browser cache and sign in again."


def import_steps(*steps):
    bullets = "\n".join(f"  • {text}" for text in steps)
    text = f"Sync Article\n\nIssue: Contact does not sync\nPossible Solutions:\n{bullets}\n"
    save(read_article(text.encode(), "sync.txt"), publish=True)
    return Scenario.objects.get(issue__article__slug="sync-article")


def give_feedback(scenario, fixed: dict[str, int]):
    """`fixed[text]` visitors said the step with that text fixed it; each also ticked it."""
    for step in SolutionStep.objects.filter(scenario=scenario):
        for n in range(fixed.get(step.text, 0)):
            StepOutcome.objects.create(step=step, visitor=f"v{step.pk}-{n}", outcome="fixed")
            StepCheck.objects.create(step=step, visitor=f"v{step.pk}-{n}")


def outcomes(scenario) -> dict[str, int]:
    return {
        step.text: step.outcomes.count() + 100 * step.checks.count()
        for step in SolutionStep.objects.filter(scenario=scenario).order_by("order")
    }


@pytest.fixture
def answered():
    scenario = import_steps(A, B, C)
    give_feedback(scenario, {A: 2, B: 1, C: 3})
    return scenario


def test_a_step_inserted_in_the_middle_leaves_every_old_step_its_feedback(answered):
    ids = dict(SolutionStep.objects.values_list("text", "pk"))

    scenario = import_steps(A, X, B, C)

    assert outcomes(scenario) == {A: 202, X: 0, B: 101, C: 303}
    assert {t: p for t, p in SolutionStep.objects.values_list("text", "pk") if t != X} == ids
    assert list(SolutionStep.objects.filter(scenario=scenario).values_list("ref", flat=True)) == [
        f"{scenario.slug}/{n}" for n in (1, 2, 3, 4)
    ]


def test_reordered_steps_keep_their_feedback(answered):
    scenario = import_steps(C, A, B)
    assert list(outcomes(scenario).items()) == [(C, 303), (A, 202), (B, 101)]


def test_a_lightly_reworded_step_keeps_its_feedback(answered):
    scenario = import_steps(A, B.replace("email address", "e-mail address"), C)
    assert list(outcomes(scenario).values()) == [202, 101, 303]


def test_a_rewritten_step_starts_afresh_and_the_old_stays_in_the_report(
    answered, admin_client, client
):
    old = SolutionStep.objects.get(text=B)
    rewritten = "Call the vendor's support line and open a ticket with the log file."

    scenario = import_steps(A, rewritten, C)

    assert outcomes(scenario) == {A: 202, rewritten: 0, C: 303}
    archived = SolutionStep.all_objects.get(pk=old.pk)
    assert archived.archived_at is not None and archived.outcomes.count() == 1
    page = client.get(f"/s/{scenario.slug}/").content.decode()
    assert rewritten in page and B not in page  # the public page shows the current steps only
    assert not search.search("email address").results  # nor does search
    report = admin_client.get(f"/admin/kb/vote/reports/scenario/{scenario.pk}/").content.decode()
    assert "archived" in report and B in report  # the old step and its count, labelled


def test_importing_records_one_version_per_article(answered):
    from kb.models import ArticleVersion, VersionKind

    import_steps(A, X, B, C)
    import_steps(A, X, B, C)  # unchanged: no new version

    kinds = list(
        ArticleVersion.objects.filter(article__slug="sync-article")
        .order_by("number")
        .values_list("kind", flat=True)
    )
    assert kinds == [VersionKind.IMPORT, VersionKind.IMPORT]


def test_restoring_the_version_before_a_rewrite_brings_the_old_step_back_with_its_feedback(
    answered, admin_client
):
    from kb.content.restore import restore
    from kb.models import ArticleVersion

    old = SolutionStep.objects.get(text=B)
    import_steps(A, "Call the vendor's support line and open a ticket with the log file.", C)
    first = ArticleVersion.objects.filter(article__slug="sync-article").order_by("number")[0]

    restore(first)

    scenario = Scenario.objects.get(issue__article__slug="sync-article")
    assert outcomes(scenario) == {A: 202, B: 101, C: 303}
    assert SolutionStep.objects.get(text=B).pk == old.pk  # the same row, archived no more


def test_deleting_an_answered_step_in_the_admin_archives_it_with_its_feedback(
    answered, admin_client, client
):
    from tests.admin.support import (
        change_form_data,
        errors_of,
        inline_rows,
        open_working_copy,
        publish_now,
    )

    copy = open_working_copy(admin_client, answered)  # deleted there, archived on publish
    url = f"/admin/kb/scenario/{copy.pk}/change/"
    data = change_form_data(admin_client.get(url))
    first = inline_rows(data, "steps")[0]
    assert data[f"{first}-text"] == A
    data[f"{first}-DELETE"] = "on"
    response = admin_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    assert "Sync and click Retry" in client.get(f"/s/{answered.slug}/").content.decode()  # until published
    publish_now(copy)
    archived = SolutionStep.all_objects.get(text=A)
    assert archived.archived_at is not None and archived.outcomes.count() == 2
    assert A not in client.get(f"/s/{answered.slug}/").content.decode()
    report = admin_client.get(f"/admin/kb/vote/reports/scenario/{answered.pk}/").content.decode()
    assert "Open Admin &gt; Sync and click Retry" in report and "archived" in report
