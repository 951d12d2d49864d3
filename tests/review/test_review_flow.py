"""The review workflow: submit, send back with a comment, publish now or at a chosen time;
feedback stays with its step across a publish; every refused action says why (never a 500)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from kb.content import review, working_copy
from kb.models import Article, Review, ReviewState, Scenario, SolutionStep, StepOutcome
from tests.admin.support import (
    add_inline_row,
    change_form_data,
    errors_of,
    inline_rows,
    open_working_copy,
)

pytestmark = pytest.mark.django_db

SLUG = "contact-not-synced-pm"


def page_messages(response) -> str:
    return " | ".join(str(m) for m in response.context["messages"]) if response.context else ""


def follow(client, url, data=None):
    response = client.post(url, data or {}, follow=True)
    assert response.status_code == 200
    return response


@pytest.fixture
def copy(content, editor_client):
    """The working copy of the article holding SLUG, opened by the editor."""
    scenario = open_working_copy(editor_client, Scenario.objects.get(slug=SLUG))
    return scenario.issue.article


def test_submit_send_back_resubmit_and_publish(copy, editor_client, reviewer_client):
    url = f"/admin/kb/article/{copy.pk}/change/"
    page = editor_client.get(url).content.decode()
    assert "Submit for review" in page and 'id="publish-now"' not in page  # an editor

    done = follow(editor_client, f"/admin/kb/article/{copy.pk}/submit/", {"note": "New step"})
    assert "Submitted for review" in page_messages(done)
    waiting = reviewer_client.get("/admin/kb/article/", {"review": "waiting"})
    assert [a.pk for a in waiting.context["cl"].result_list] == [copy.pk]
    page = reviewer_client.get(url).content.decode()
    assert 'id="publish-now"' in page and 'id="send-back"' in page and "New step" in page

    refused = follow(reviewer_client, f"/admin/kb/article/{copy.pk}/send-back/", {"comment": " "})
    assert "needs a comment" in page_messages(refused)
    follow(reviewer_client, f"/admin/kb/article/{copy.pk}/send-back/",
           {"comment": "Step 2 <b>contradicts</b> step 1."})  # fmt: skip
    page = editor_client.get(url).content.decode()
    assert "Sent back" in page and "Step 2 &lt;b&gt;contradicts&lt;/b&gt; step 1." in page

    follow(editor_client, f"/admin/kb/article/{copy.pk}/submit/")
    assert "contradicts" not in editor_client.get(url).content.decode()  # resubmitted
    published = working_copy.published_of(copy)
    done = reviewer_client.post(f"/admin/kb/article/{copy.pk}/publish/", follow=True)
    assert done.redirect_chain[-1][0] == f"/admin/kb/article/{published.pk}/change/"
    assert "Published" in page_messages(done)
    assert not Article.objects.filter(pk=copy.pk).exists()


def test_refused_actions_say_why(copy, editor_client, reviewer_client):
    submit = f"/admin/kb/article/{copy.pk}/submit/"
    follow(editor_client, submit)
    twice = follow(editor_client, submit)
    assert "Already submitted for review by edna" in page_messages(twice)
    # Without the publish permission: refused, nothing published.
    for action in ("publish", "send-back"):
        response = editor_client.post(f"/admin/kb/article/{copy.pk}/{action}/", {"comment": "x"})
        assert response.status_code == 403
    assert Article.objects.filter(pk=copy.pk).exists()
    # Publishing an article that is published already, or scheduling in the past.
    published = working_copy.published_of(copy)
    again = follow(reviewer_client, f"/admin/kb/article/{published.pk}/publish/")
    assert "is published already" in page_messages(again)
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    late = follow(reviewer_client, f"/admin/kb/article/{copy.pk}/publish/",
                  {"schedule": "1", "publish_at": past})  # fmt: skip
    assert "Choose a time in the future" in page_messages(late)
    bad = follow(reviewer_client, f"/admin/kb/article/{copy.pk}/publish/",
                 {"schedule": "1", "publish_at": "next tuesday"})  # fmt: skip
    assert "choose the date and time" in page_messages(bad)
    # GET on an action is not allowed; unknown articles are 404s.
    assert reviewer_client.get(f"/admin/kb/article/{copy.pk}/publish/").status_code == 405
    assert reviewer_client.post("/admin/kb/article/99999/publish/").status_code == 404
    assert reviewer_client.post("/admin/kb/article/x/submit/").status_code == 404


def test_a_stale_working_copy_is_not_published_over_newer_changes(copy, reviewer_client):
    """Something changed the published article meanwhile (here: an import)."""
    from kb.importer import read_article
    from kb.importer.writer import save

    published = working_copy.published_of(copy)
    text = (
        f"{published.title} {{#{published.slug}}}\n\n"
        "Issue: Only this\n\nPossible Solutions:\n  • One.\n"
    )
    save(read_article(text.encode(), "x.txt"), publish=True, archive_confirmed=True)
    before = Scenario.objects.filter(issue__article=published).count()

    refused = follow(reviewer_client, f"/admin/kb/article/{copy.pk}/publish/")
    assert "changed since this working copy was made" in page_messages(refused)
    assert Article.objects.filter(pk=copy.pk).exists()
    assert Scenario.objects.filter(issue__article=published).count() == before

    follow(reviewer_client, f"/admin/kb/article/{copy.pk}/publish/", {"replace_newer": "1"})
    assert not Article.objects.filter(pk=copy.pk).exists()
    assert Scenario.objects.filter(slug=SLUG, issue__article=published).exists()


def test_an_edit_after_submitting_takes_it_back_to_editing(copy, editor_client, reviewer):
    review.submit(copy, reviewer)
    review.schedule(copy, reviewer, timezone.now() + timedelta(days=1))
    scenario = working_copy.counterpart(Scenario.objects.get(slug=SLUG), copy)
    url = f"/admin/kb/scenario/{scenario.pk}/change/"
    data = {**change_form_data(editor_client.get(url)), "symptom": "Changed after approval."}
    response = editor_client.post(url, data, follow=True)
    assert "back to being edited" in page_messages(response)
    found = Review.objects.get(article=copy)
    assert (found.state, found.publish_at) == (ReviewState.EDITING, None)


def test_scheduled_publish_happens_when_due(copy, reviewer_client, reviewer, capsys):
    scenario = working_copy.counterpart(Scenario.objects.get(slug=SLUG), copy)
    Scenario.objects.filter(pk=scenario.pk).update(symptom="Scheduled symptom.")
    review.submit(copy, reviewer)
    when = timezone.localtime() + timedelta(hours=2)
    response = follow(reviewer_client, f"/admin/kb/article/{copy.pk}/publish/",
                      {"schedule": "1", "publish_at": when.strftime("%Y-%m-%dT%H:%M")})  # fmt: skip
    assert "Scheduled" in page_messages(response)
    page = reviewer_client.get(f"/admin/kb/article/{copy.pk}/change/").content.decode()
    assert f"publishes at {when:%Y-%m-%d %H:%M}" in page
    scheduled = reviewer_client.get("/admin/kb/article/", {"review": "scheduled"})
    assert [a.pk for a in scheduled.context["cl"].result_list] == [copy.pk]

    call_command("kb_publish_due")  # not yet due
    assert Article.objects.filter(pk=copy.pk).exists()
    Review.objects.filter(article=copy).update(publish_at=timezone.now() - timedelta(minutes=1))
    call_command("kb_publish_due")
    assert "1 published" in capsys.readouterr().out
    assert Scenario.objects.get(slug=SLUG).symptom == "Scheduled symptom."
    latest = Scenario.objects.get(slug=SLUG).issue.article.versions.first()
    assert latest.reviewer == reviewer


def test_feedback_stays_with_its_step_when_a_published_copy_inserts_a_step(
    copy, editor_client, client
):
    published = Scenario.objects.get(slug=SLUG)
    steps = list(SolutionStep.objects.filter(scenario=published).order_by("order"))
    assert len(steps) >= 2
    for n, step in enumerate(steps):
        for visitor in range(n + 1):
            StepOutcome.objects.create(step=step, visitor=f"v{step.pk}-{visitor}", outcome="fixed")
    counts = {step.pk: n + 1 for n, step in enumerate(steps)}

    scenario = working_copy.counterpart(published, copy)
    url = f"/admin/kb/scenario/{scenario.pk}/change/"
    data = change_form_data(editor_client.get(url))
    first = inline_rows(data, "steps")[0]
    add_inline_row(data, "steps", kind="alternative", text="A new step in the middle.",
                   order=data[f"{first}-order"])  # fmt: skip
    data[f"{first}-order"] = "0"  # the first stays first, the new step comes second
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    from tests.admin.support import publish_now

    publish_now(copy)
    after = list(SolutionStep.objects.filter(scenario=published).order_by("order"))
    assert [s.text for s in after][1] == "A new step in the middle."
    assert [s.pk for s in after if s.pk in counts] == [s.pk for s in steps]  # same rows
    for step in after:
        assert step.outcomes.count() == counts.get(step.pk, 0), step.text
    assert "A new step in the middle." in client.get(f"/s/{SLUG}/").content.decode()


def test_working_copies_are_in_no_public_list_and_record_no_feedback(copy, editor_client, client):
    scenario = working_copy.counterpart(Scenario.objects.get(slug=SLUG), copy)
    step = SolutionStep.objects.filter(scenario=scenario).first()
    for who in (client, editor_client):
        for url in ("/", "/articles/", "/systems/practice-management/", "/search?q=contact"):
            assert "-wc" not in who.get(url).content.decode(), url
        assert who.get(f"/articles/{copy.slug}/").status_code == 404
        assert who.post(f"/steps/{step.ref}/check", {"done": "1"}).status_code == 404
        assert who.post(f"/steps/{step.ref}/outcome", {"outcome": "fixed"}).status_code == 404
    assert not step.outcomes.exists() and not step.checks.exists()
    api = client.get("/api/search", {"q": scenario.title}).json()
    assert all("-wc" not in hit["slug"] for hit in api["results"])


def test_the_article_list_links_working_copies_both_ways(copy, editor_client):
    published = working_copy.published_of(copy)
    listing = editor_client.get("/admin/kb/article/").content.decode()
    assert f'href="/admin/kb/article/{copy.pk}/change/">Working copy</a>' in listing
    assert f'Working copy of <a href="/admin/kb/article/{published.pk}/change/">' in listing
    only = editor_client.get("/admin/kb/article/", {"review": "working"})
    assert [a.pk for a in only.context["cl"].result_list] == [copy.pk]
    page = editor_client.get(f"/admin/kb/article/{published.pk}/change/").content.decode()
    assert "Open working copy" in page


def test_a_new_draft_goes_through_the_same_review(editor_client, reviewer_client, content):
    Article.objects.filter(slug="tr-legal-tracker-integration").update(status="draft")
    draft = Article.objects.get(slug="tr-legal-tracker-integration")
    follow(editor_client, f"/admin/kb/article/{draft.pk}/submit/")
    assert editor_client.post(f"/admin/kb/article/{draft.pk}/publish/").status_code == 403
    follow(reviewer_client, f"/admin/kb/article/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.is_published and not Review.objects.filter(article=draft).exists()
