"""Deleting from the admin (a draft article's rows) never takes visitors' feedback with it: an article, issue, scenario
or step that has votes, step outcomes, ticks or page views shows as protected and stays."""

from datetime import date

import pytest

from kb.models import (
    Article,
    Issue,
    PageView,
    Scenario,
    SolutionStep,
    StepCheck,
    StepOutcome,
    Vote,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model, content):
    # Published rows are read-only (changes go through a working copy); drafts are deleted here.
    Article.objects.update(status="draft")
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.com", "pw"))
    return client


def first_scenario():
    return Scenario.objects.current().filter(steps__isnull=False).distinct().first()


def delete(client, model, pk):
    return client.post(f"/admin/kb/{model._meta.model_name}/{pk}/delete/", {"post": "yes"})


@pytest.mark.parametrize("model", [Article, Issue, Scenario])
def test_content_with_a_vote_is_protected_and_kept(admin_client, content, model):
    scenario = first_scenario()
    Vote.objects.create(
        article=scenario.issue.article, scenario=scenario, visitor="v", helpful=False
    )
    target = {Article: scenario.issue.article, Issue: scenario.issue, Scenario: scenario}[model]

    response = delete(admin_client, model, target.pk)

    assert response.status_code == 200  # the confirmation page again, not a redirect
    assert "visitors&#x27; feedback would be lost" in response.content.decode()
    assert model._base_manager.filter(pk=target.pk).exists()
    assert Vote.objects.count() == 1


def test_article_vote_without_scenario_protects_the_article(admin_client, content):
    article = Article.objects.first()
    Vote.objects.create(article=article, visitor="v", helpful=True)
    delete(admin_client, Article, article.pk)
    assert Article.objects.filter(pk=article.pk).exists()


def test_page_views_count_as_feedback(admin_client, content):
    scenario = first_scenario()
    PageView.objects.create(
        article=scenario.issue.article, scenario=scenario, day=date.today(), count=1
    )
    delete(admin_client, Scenario, scenario.pk)
    assert Scenario.objects.filter(pk=scenario.pk).exists()


@pytest.mark.parametrize("feedback", [StepOutcome, StepCheck])
def test_step_with_feedback_is_protected_and_the_page_says_what_to_do(
    admin_client, content, feedback
):
    step = first_scenario().steps.filter(parent__isnull=True).first()
    fields = {"outcome": "fixed"} if feedback is StepOutcome else {}
    feedback.objects.create(step=step, visitor="v", **fields)

    page = admin_client.get(f"/admin/kb/solutionstep/{step.pk}/delete/").content.decode()
    delete(admin_client, SolutionStep, step.pk)

    assert "step list instead" in page
    assert SolutionStep.objects.filter(pk=step.pk).exists()
    assert feedback.objects.count() == 1


def test_feedback_on_a_substep_protects_its_parent(admin_client, content):
    child = SolutionStep.objects.filter(parent__isnull=False).first()
    StepCheck.objects.create(step=child, visitor="v")
    delete(admin_client, SolutionStep, child.parent_id)
    assert SolutionStep.objects.filter(pk=child.parent_id).exists()


def test_content_without_feedback_is_deleted_as_before(admin_client, content):
    scenario = first_scenario()
    response = delete(admin_client, Scenario, scenario.pk)
    assert response.status_code == 302
    assert not Scenario.objects.filter(pk=scenario.pk).exists()


def test_bulk_delete_action_refuses_the_rows_with_feedback(admin_client, content):
    scenarios = list(Scenario.objects.current()[:2])
    Vote.objects.create(
        article=scenarios[0].issue.article, scenario=scenarios[0], visitor="v", helpful=False
    )
    admin_client.post(
        "/admin/kb/scenario/",
        {"action": "delete_selected", "_selected_action": [s.pk for s in scenarios], "post": "yes"},
    )
    assert Scenario.objects.filter(pk__in=[s.pk for s in scenarios]).count() == 2
