"""Every edit is kept with who made it; editors see what changed and can put it back."""

import pytest

from kb.models import Scenario, SolutionStep

from .support import (
    change_form_data,
    errors_of,
    inline_rows,
    publish_now,
    working_copy_url,
)

pytestmark = pytest.mark.django_db

SLUG = "contact-not-synced-pm"


def edit_first_step(client, text):
    """Edit the first step in the working copy; returns the working copy's step."""
    url, scenario = working_copy_url(client, SLUG)
    data = change_form_data(client.get(url))
    data[f"{inline_rows(data, 'steps')[0]}-text"] = text
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    return SolutionStep.objects.filter(scenario=scenario).order_by("order").first()


def test_step_history_shows_who_changed_what(editor_client, content):
    original = SolutionStep.objects.filter(scenario__slug=SLUG).order_by("order").first().text
    step = edit_first_step(editor_client, "Press Resync on the contact.")

    page = editor_client.get(f"/admin/kb/solutionstep/{step.pk}/history/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "edna" in html
    assert "Press Resync on the contact." in html and original[:30] in html  # old -> new


@pytest.mark.slow
def test_reverting_a_step_restores_the_old_text_on_the_public_page(editor_client, client, content):
    original = SolutionStep.objects.filter(scenario__slug=SLUG).order_by("order").first().text
    step = edit_first_step(editor_client, "A wrong instruction.")
    first_version = step.history.earliest()  # recorded when the working copy was made

    revert_url = f"/admin/kb/solutionstep/{step.pk}/history/{first_version.history_id}/"
    data = change_form_data(editor_client.get(revert_url))
    response = editor_client.post(revert_url, data)

    assert response.status_code == 302, errors_of(response)
    assert step.history.latest().history_user.username == "edna"
    publish_now(step)
    client.logout()
    page = client.get(f"/s/{SLUG}/")
    assert page.context["checklist"].items[0].step.text == original


def test_reverting_a_scenario_restores_its_symptom(editor_client, content):
    original = Scenario.objects.get(slug=SLUG).symptom
    url, scenario = working_copy_url(editor_client, SLUG)
    data = change_form_data(editor_client.get(url))
    data["symptom"] = "Something else entirely."
    assert editor_client.post(url, data).status_code == 302
    first_version = scenario.history.earliest()

    history = editor_client.get(f"/admin/kb/scenario/{scenario.pk}/history/")
    assert b"Something else entirely." in history.content
    revert_url = f"/admin/kb/scenario/{scenario.pk}/history/{first_version.history_id}/"
    response = editor_client.post(revert_url, change_form_data(editor_client.get(revert_url)))

    assert response.status_code == 302, errors_of(response)
    scenario.refresh_from_db()
    assert scenario.symptom == original


def test_published_rows_cannot_be_reverted_from_their_history(editor_client, content):
    """Reverting a published row would change the public page without review."""
    step = SolutionStep.objects.filter(scenario__slug=SLUG).order_by("order").first()
    step.text = "Changed outside the admin."
    step.save()  # a history record to revert from
    version = step.history.earliest()
    revert_url = f"/admin/kb/solutionstep/{step.pk}/history/{version.history_id}/"
    data = {"text": "Reverted", "kind": step.kind, "order": step.order}
    assert editor_client.post(revert_url, data).status_code == 403
    assert SolutionStep.objects.get(pk=step.pk).text == "Changed outside the admin."
