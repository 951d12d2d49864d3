"""No silent overwrite: two editors open the same change form and both save; the second is
refused with what changed since they opened it, and their submitted text comes back in the
form so they can merge it. Editors edit a published article's working copy, so that is what
the check protects."""

import pytest

from kb.models import Article, Issue, Scenario, SolutionStep

from tests.admin.support import change_form_data, errors_of, inline_rows, open_working_copy

pytestmark = pytest.mark.django_db

SLUG = "contact-not-synced-pm"


@pytest.fixture
def other_client(django_user_model, editor):
    from django.contrib.auth.models import Group
    from django.test import Client

    from kb.admin.roles import EDITOR_GROUP

    user = django_user_model.objects.create_user("otto", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    other = Client()
    other.force_login(user)
    return other


def test_second_scenario_save_is_refused_with_the_diff_and_keeps_its_text(
    editor_client, other_client, content
):
    scenario = open_working_copy(editor_client, Scenario.objects.get(slug=SLUG))
    url = f"/admin/kb/scenario/{scenario.pk}/change/"
    mine, theirs = change_form_data(editor_client.get(url)), change_form_data(other_client.get(url))
    step_row = inline_rows(theirs, "steps")[0]
    theirs[f"{step_row}-text"] = "Their rewrite of the first step."
    assert other_client.post(url, theirs).status_code == 302

    mine["symptom"] = "My own careful symptom."
    response = editor_client.post(url, mine)

    assert response.status_code == 200  # refused: the form again
    html = response.content.decode()
    assert "Someone else saved this scenario" in errors_of(response)
    conflict = html[html.index('class="kb-conflict"') :]
    assert "<ins>Their</ins>" in conflict or "<ins>Their " in conflict  # what they changed
    assert "My own careful symptom." in html  # nothing lost: the submitted text is shown again
    scenario.refresh_from_db()
    assert scenario.symptom != "My own careful symptom."
    first = SolutionStep.objects.filter(scenario=scenario).order_by("order").first()
    assert first.text == "Their rewrite of the first step."  # the first save stands

    # The step I left alone now shows their text; my symptom stays. Saving again (the token
    # moved on) keeps both: neither editor's change is lost.
    again = change_form_data(response)
    assert again[f"{step_row}-text"] == "Their rewrite of the first step."
    assert again["symptom"] == "My own careful symptom."
    assert editor_client.post(url, again).status_code == 302, "merge and save again"
    scenario.refresh_from_db()
    assert scenario.symptom == "My own careful symptom."
    first = SolutionStep.objects.filter(scenario=scenario).order_by("order").first()
    assert first.text == "Their rewrite of the first step."


def test_article_and_step_forms_refuse_a_stale_save(editor_client, other_client, content):
    published = SolutionStep.objects.filter(scenario__slug=SLUG).order_by("order").first()
    step = open_working_copy(editor_client, published)
    article = step.scenario.issue.article
    for url, field in (
        (f"/admin/kb/article/{article.pk}/change/", "title"),
        (f"/admin/kb/solutionstep/{step.pk}/change/", "text"),
    ):
        mine, theirs = (
            change_form_data(editor_client.get(url)),
            change_form_data(other_client.get(url)),
        )
        theirs[field] = "Theirs"
        assert other_client.post(url, theirs).status_code == 302
        mine[field] = "Mine"
        response = editor_client.post(url, mine)
        assert response.status_code == 200 and "Someone else saved" in errors_of(response), url


def test_issue_form_refuses_a_stale_save(editor_client, other_client, content):
    issue = open_working_copy(editor_client, Scenario.objects.get(slug=SLUG).issue)
    url = f"/admin/kb/issue/{issue.pk}/change/"
    mine, theirs = change_form_data(editor_client.get(url)), change_form_data(other_client.get(url))
    theirs["title"] = "Their issue title"
    assert other_client.post(url, theirs).status_code == 302
    mine["title"] = "My issue title"
    response = editor_client.post(url, mine)
    assert "Someone else saved" in errors_of(response)
    assert Issue.objects.get(pk=issue.pk).title == "Their issue title"


def test_edits_to_different_scenarios_of_one_article_do_not_conflict(
    editor_client, other_client, content
):
    scenario = open_working_copy(editor_client, Scenario.objects.get(slug=SLUG))
    siblings = Scenario.objects.filter(issue__article=scenario.issue.article)
    other = siblings.exclude(pk=scenario.pk)[0]
    url, other_url = (f"/admin/kb/scenario/{s.pk}/change/" for s in (scenario, other))
    mine, theirs = (
        change_form_data(editor_client.get(url)),
        change_form_data(other_client.get(other_url)),
    )
    theirs["symptom"] = "Their symptom."
    assert other_client.post(other_url, theirs).status_code == 302
    mine["symptom"] = "My symptom."
    assert editor_client.post(url, mine).status_code == 302
    # The working copy's first version, then one per save.
    assert Article.objects.get(pk=scenario.issue.article.pk).versions.count() == 3
