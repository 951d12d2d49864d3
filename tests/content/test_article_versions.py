"""A version is the whole article: every admin save records one, any two compare as a readable
diff, and "Restore" brings back the whole tree (steps included) and the search index with it."""

import pytest

from kb import search
from kb.models import Article, ArticleVersion, Scenario, SolutionStep, VersionKind

from tests.admin.support import (
    change_form_data,
    errors_of,
    inline_rows,
    open_working_copy,
    publish_now,
)

pytestmark = pytest.mark.django_db

SLUG = "contact-not-synced-pm"


def edit_scenario(client, symptom=None, step_text=None, note="", publish=True):
    """Edit the scenario in its working copy, then (as a reviewer would) publish it; returns the
    published scenario."""
    scenario = Scenario.objects.get(slug=SLUG)
    copy = open_working_copy(client, scenario)
    url = f"/admin/kb/scenario/{copy.pk}/change/"
    data = change_form_data(client.get(url))
    if symptom is not None:
        data["symptom"] = symptom
    if step_text is not None:
        data[f"{inline_rows(data, 'steps')[0]}-text"] = step_text
    data["version_message"] = note
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    if publish:
        publish_now(copy)
    return scenario


def first_step(scenario):
    return SolutionStep.objects.filter(scenario=scenario).order_by("order").first()


def versions_of(scenario):
    return ArticleVersion.objects.filter(article=scenario.issue.article).order_by("number")


def test_a_scenario_save_records_one_whole_article_version_with_author_and_note(
    editor_client, editor, content
):
    scenario = edit_scenario(editor_client, step_text="Press Resync.", note="clearer step")

    baseline, edit = versions_of(scenario)
    assert baseline.kind == VersionKind.BASELINE and baseline.author is None
    assert (edit.kind, edit.author) == (VersionKind.PUBLISH, editor)
    assert edit.message == "Published working copy: clearer step"
    steps = [
        step["text"]
        for issue in edit.snapshot["issues"]
        for s in issue["scenarios"]
        if s["slug"] == SLUG
        for step in s["steps"]
    ]
    assert steps[0] == "Press Resync."  # the version holds the steps, not just the scenario row


def test_compare_shows_changed_words_escaped(editor_client, content):
    original = first_step(Scenario.objects.get(slug=SLUG)).text
    scenario = edit_scenario(editor_client, step_text="Press <b>Resync</b> now.")
    article = scenario.issue.article

    page = editor_client.get(f"/admin/kb/article/{article.pk}/versions/compare/?a=1&b=2")

    html = page.content.decode()
    assert page.status_code == 200
    assert "<ins>" in html and "<del>" in html
    assert "&lt;b&gt;Resync&lt;/b&gt;" in html and "<b>Resync</b>" not in html
    assert original.split()[0] in html


def test_compare_with_bad_version_numbers_is_a_clear_400_or_404(editor_client, content):
    article = Article.objects.first()
    base = f"/admin/kb/article/{article.pk}/versions/compare/"
    assert editor_client.get(base + "?a=x&b=2").status_code == 400
    assert editor_client.get(base + "?a=1&b=99").status_code == 404
    assert editor_client.get("/admin/kb/article/x/versions/").status_code == 404


def test_restore_brings_back_the_steps_and_updates_page_and_search(editor_client, client, content):
    scenario = Scenario.objects.get(slug=SLUG)
    original = first_step(scenario).text
    edit_scenario(editor_client, symptom="Zebrafruit wobble.", step_text="Press Quuxbutton.")
    assert search.search("quuxbutton").results  # the edit is searchable
    article = scenario.issue.article

    response = editor_client.post(f"/admin/kb/article/{article.pk}/versions/1/restore/")

    assert response.status_code == 303
    # Restored into the working copy: the public page waits until it is published.
    copy = open_working_copy(editor_client, scenario)
    assert first_step(copy).text == original and "Zebrafruit" not in copy.symptom
    assert search.search("quuxbutton").results
    assert "Quuxbutton" in client.get(f"/s/{SLUG}/").content.decode()
    publish_now(copy)
    step = first_step(scenario)
    assert step.text == original
    scenario.refresh_from_db()
    assert "Zebrafruit" not in scenario.symptom
    latest = versions_of(scenario).last()
    assert (latest.number, latest.kind) == (3, VersionKind.PUBLISH)
    assert latest.snapshot == ArticleVersion.objects.get(article=article, number=1).snapshot
    client.logout()
    assert original[:20] in client.get(f"/s/{SLUG}/").content.decode()
    assert not search.search("quuxbutton").results
    assert not search.search("zebrafruit").results


def test_restore_keeps_step_ids_so_feedback_stays(editor_client, content):
    scenario = Scenario.objects.get(slug=SLUG)
    ids = list(SolutionStep.objects.filter(scenario=scenario).values_list("pk", flat=True))
    edit_scenario(editor_client, step_text="Something else.")
    article = scenario.issue.article

    editor_client.post(f"/admin/kb/article/{article.pk}/versions/1/restore/")
    publish_now(open_working_copy(editor_client, article))

    assert list(SolutionStep.objects.filter(scenario=scenario).values_list("pk", flat=True)) == ids


def test_restore_is_post_only(editor_client, content):
    scenario = edit_scenario(editor_client, step_text="Something else.")
    url = f"/admin/kb/article/{scenario.issue.article.pk}/versions/1/restore/"
    assert editor_client.get(url).status_code == 405


def test_old_per_row_history_pages_stay_readable(editor_client, content):
    scenario = edit_scenario(editor_client, symptom="Another symptom.")  # published onto the row
    page = editor_client.get(f"/admin/kb/scenario/{scenario.pk}/history/")
    assert page.status_code == 200 and b"Another symptom." in page.content
    versions = editor_client.get(f"/admin/kb/article/{scenario.issue.article.pk}/versions/")
    assert b"Per-row history" in versions.content
