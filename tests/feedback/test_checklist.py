"""The scenario checklist: ticks and outcomes per visitor, both render paths, and bad input."""

import re

import pytest
from django.test import Client

from kb.models import Outcome, SolutionStep, StepCheck, StepKind, StepOutcome
from kb.visitor.identity import COOKIE_NAME

CHECK = "/steps/{ref}/check"
OUTCOME = "/steps/{ref}/outcome"


def visitor_of(client) -> str:
    from kb.visitor.identity import visitor_from_value

    return visitor_from_value(client.cookies[COOKIE_NAME].value)


@pytest.fixture
def visitor(client, content):
    """A client that has a visitor cookie already (as after the first page view)."""
    client.get("/s/matter-not-synced-pm/")
    return client


def step_html(html: str, ref: str) -> str:
    match = re.search(
        rf'<li id="step-\d+" tabindex="-1" data-ref="{re.escape(ref)}".*?</li>', html, re.S
    )
    assert match, f"step {ref} not on the page"
    return match.group(0)


# --- The page -------------------------------------------------------------------------------


def test_scenario_page_shows_breadcrumb_systems_and_symptom(client, content):
    html = client.get("/s/contact-not-synced-pm/").content.decode()
    crumbs = re.search(r'<nav aria-label="Breadcrumb".*?</nav>', html, re.S).group(0)
    assert crumbs.index("Legal Accounting Integration") < crumbs.index(
        "Contact Not Synchronized in Practice Management"
    )
    assert 'aria-current="page">Contact Not Synchronized in Practice Management<' in crumbs
    assert 'href="/systems/actionstep-practice-management/"' in html
    assert "status indicator on the contact card" in html


def test_alternatives_are_things_to_try_and_substeps_keep_their_order(client, content):
    html = client.get("/s/matter-not-synced-pm/").content.decode()
    assert "Things to try" in html
    parent = step_html(html, "matter-not-synced-pm/4")
    positions = [html.index(f'data-ref="matter-not-synced-pm/4.{n}"') for n in (1, 2, 3, 4)]
    assert positions == sorted(positions)
    assert html.index('data-ref="matter-not-synced-pm/4"') < positions[0]
    assert "Option 4" in parent
    assert "Step 4.1" in html


def test_menu_paths_render_as_breadcrumbs_and_fields_as_a_list(client, content):
    html = client.get("/s/tr-access-token-expired/").content.decode()
    assert (
        '<span class="crumb">Settings</span><span class="sep"> › </span>'
        '<span class="crumb">Integrations</span>' in html
    )
    assert "<li>Company name</li>" in html and "<li>Matter Team</li>" in html


def test_notes_are_callouts_and_the_screenshot_is_a_link_never_an_image(client, content):
    html = client.get("/s/tr-access-token-expired/").content.decode()
    note = step_html(html, "tr-access-token-expired/8")
    assert "callout callout-note" in note and "SSO clients" in note
    assert "check-form" not in note  # nothing to tick on a note
    assert "<img" not in html
    assert re.search(r'<a href="https://lh3\.googleusercontent\.com/[^"]+" rel="noopener', html)


# --- Ticking ---------------------------------------------------------------------------------


def test_ticking_a_step_survives_a_reload(visitor):
    ref = "matter-not-synced-pm/2"
    response = visitor.post(CHECK.format(ref=ref), {"done": "1"})
    assert response.status_code == 303
    assert re.search(r"/s/matter-not-synced-pm/#step-\d+$", response["Location"])
    html = visitor.get("/s/matter-not-synced-pm/").content.decode()
    assert 'aria-pressed="true"' in step_html(html, ref)
    assert "1 of " in html


def test_ticking_with_htmx_returns_the_step_and_updates_progress_out_of_band(visitor, htmx):
    ref = "matter-not-synced-pm/2"
    response = visitor.post(CHECK.format(ref=ref), {"done": "1"}, **htmx)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith(f'<li id="step-{SolutionStep.objects.get(ref=ref).pk}"')
    assert 'aria-pressed="true"' in step_html(html, ref)
    assert re.search(r'id="progress"[^>]*hx-swap-oob="innerHTML"', html)
    assert 'id="support-summary"' in html and 'hx-swap-oob="true"' in html


def test_ticking_a_substep_swaps_only_that_substep(visitor, htmx):
    response = visitor.post(CHECK.format(ref="matter-not-synced-pm/4.2"), {"done": "1"}, **htmx)
    html = response.content.decode()
    assert 'class="substep step-step is-done"' in html
    assert 'data-ref="matter-not-synced-pm/4"' not in html


def test_unticking_removes_the_tick(visitor):
    ref = "matter-not-synced-pm/2"
    visitor.post(CHECK.format(ref=ref), {"done": "1"})
    visitor.post(CHECK.format(ref=ref), {"done": "0"})
    assert not StepCheck.objects.filter(step__ref=ref).exists()


def test_ticks_belong_to_one_visitor(visitor, content):
    visitor.post(CHECK.format(ref="matter-not-synced-pm/2"), {"done": "1"})
    stranger = Client()
    html = stranger.get("/s/matter-not-synced-pm/").content.decode()
    assert 'aria-pressed="true"' not in step_html(html, "matter-not-synced-pm/2")


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "fragment"])
def test_bad_tick_value_is_400_with_a_message(visitor, headers):
    response = visitor.post(
        CHECK.format(ref="matter-not-synced-pm/2"), {"done": "maybe"}, **headers
    )
    assert response.status_code == 400
    assert "Say whether the step is done" in response.content.decode()


def test_a_note_cannot_be_ticked(visitor):
    assert (
        visitor.post(CHECK.format(ref="tr-access-token-expired/8"), {"done": "1"}).status_code
        == 404
    )


# --- Outcomes ---------------------------------------------------------------------------------


def test_outcome_twice_keeps_the_latest(visitor):
    ref = "matter-not-synced-pm/3"
    visitor.post(OUTCOME.format(ref=ref), {"outcome": "not_helpful"})
    visitor.post(OUTCOME.format(ref=ref), {"outcome": "fixed"})
    rows = StepOutcome.objects.filter(step__ref=ref, visitor=visitor_of(visitor))
    assert [row.outcome for row in rows] == [Outcome.FIXED]
    html = visitor.get("/s/matter-not-synced-pm/").content.decode()
    step = step_html(html, ref)
    assert 'value="fixed" id="fixed-' in step and "You marked this as the fix" in step


def test_an_outcome_also_ticks_the_step(visitor):
    visitor.post(OUTCOME.format(ref="matter-not-synced-pm/3"), {"outcome": "fixed"})
    assert StepCheck.objects.filter(step__ref="matter-not-synced-pm/3").exists()


def test_didnt_help_without_js_redirects_to_the_next_step(visitor):
    response = visitor.post(
        OUTCOME.format(ref="matter-not-synced-pm/3"), {"outcome": "not_helpful"}
    )
    following = SolutionStep.objects.get(ref="matter-not-synced-pm/4")
    assert response.status_code == 303
    assert response["Location"].endswith(f"#step-{following.pk}")


def test_didnt_help_with_htmx_asks_the_page_to_focus_the_next_step(visitor, htmx):
    response = visitor.post(
        OUTCOME.format(ref="matter-not-synced-pm/3"), {"outcome": "not_helpful"}, **htmx
    )
    following = SolutionStep.objects.get(ref="matter-not-synced-pm/4")
    assert response.status_code == 200
    assert response["HX-Trigger-After-Settle"] == f'{{"kb:focus": {{"id": "step-{following.pk}"}}}}'
    assert 'aria-pressed="true">Didn\'t help' in response.content.decode()


def test_didnt_help_on_the_last_step_points_at_still_stuck(visitor, htmx):
    response = visitor.post(
        OUTCOME.format(ref="matter-not-synced-pm/7"), {"outcome": "not_helpful"}, **htmx
    )
    assert '"id": "still-stuck"' in response["HX-Trigger-After-Settle"]


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "fragment"])
@pytest.mark.parametrize("value", ["", "great", "FIXED"])
def test_bad_outcome_is_400_with_a_message_and_nothing_stored(visitor, headers, value):
    response = visitor.post(
        OUTCOME.format(ref="matter-not-synced-pm/3"), {"outcome": value}, **headers
    )
    assert response.status_code == 400
    assert "Choose “This fixed it” or “Didn&#x27;t help”." in response.content.decode()
    assert not StepOutcome.objects.exists()


def test_unknown_step_is_404(visitor):
    assert visitor.post(OUTCOME.format(ref="no-such/1"), {"outcome": "fixed"}).status_code == 404
    assert visitor.post(CHECK.format(ref="no-such/1"), {"done": "1"}).status_code == 404


@pytest.mark.parametrize("url", [OUTCOME, CHECK])
def test_get_on_a_step_action_is_405(visitor, url):
    assert visitor.get(url.format(ref="matter-not-synced-pm/3")).status_code == 405


def test_posting_without_csrf_token_is_403_and_stores_nothing(content):
    client = Client(enforce_csrf_checks=True)
    client.get("/s/matter-not-synced-pm/")
    response = client.post(OUTCOME.format(ref="matter-not-synced-pm/3"), {"outcome": "fixed"})
    assert response.status_code == 403
    assert not StepOutcome.objects.exists()


def test_posting_with_the_pages_csrf_token_works(content):
    client = Client(enforce_csrf_checks=True)
    html = client.get("/s/matter-not-synced-pm/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        OUTCOME.format(ref="matter-not-synced-pm/3"), {"outcome": "fixed"}, HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 303


def test_steps_of_a_draft_article_are_404(visitor):
    from kb.models import Article, Status

    Article.objects.filter(slug="legal-accounting-integration").update(status=Status.DRAFT)
    response = visitor.post(OUTCOME.format(ref="matter-not-synced-pm/3"), {"outcome": "fixed"})
    assert response.status_code == 404


# --- Reset and summary ---------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "fragment"])
def test_start_over_clears_this_scenario_only(visitor, headers):
    visitor.post(OUTCOME.format(ref="matter-not-synced-pm/3"), {"outcome": "not_helpful"})
    visitor.post(CHECK.format(ref="matter-not-synced-pm/2"), {"done": "1"})
    visitor.post(CHECK.format(ref="contact-not-synced-pm/1"), {"done": "1"})
    response = visitor.post("/s/matter-not-synced-pm/checklist/reset", **headers)
    assert response.status_code == (200 if headers else 303)
    if headers:
        assert response.content.decode().lstrip().startswith('<section id="checklist"')
    remaining = StepCheck.objects.filter(visitor=visitor_of(visitor))
    assert [c.step.ref for c in remaining] == ["contact-not-synced-pm/1"]
    assert not StepOutcome.objects.exists()


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "fragment"])
def test_start_over_clears_substep_ticks_and_outcomes_too(visitor, headers):
    scenario = "/s/matter-not-synced-pm/"
    substeps = SolutionStep.objects.filter(
        scenario__slug="matter-not-synced-pm", parent__isnull=False
    ).exclude(kind__in=[StepKind.NOTE, StepKind.WARNING])
    ticked, tried = [step.ref for step in substeps.order_by("pk")[:2]]
    visitor.post(CHECK.format(ref=ticked), {"done": "1"})
    visitor.post(OUTCOME.format(ref=tried), {"outcome": "not_helpful"})
    visitor.post(CHECK.format(ref="matter-not-synced-pm/2"), {"done": "1"})
    before = visitor.get(scenario).content.decode()
    assert 'aria-pressed="true"' in step_html(before, "matter-not-synced-pm/2")
    assert before.count("is-done") == 3  # both sub-steps and the step, as the page shows them

    response = visitor.post(f"{scenario}checklist/reset", **headers)

    assert response.status_code == (200 if headers else 303)
    me = visitor_of(visitor)
    assert not StepCheck.objects.filter(visitor=me).exists()
    assert not StepOutcome.objects.filter(visitor=me).exists()
    pages = [visitor.get(scenario).content.decode()]
    if headers:
        pages.append(response.content.decode())  # the checklist the page swaps in
    for html in pages:
        assert "is-done" not in html
        assert 'aria-pressed="true"' not in html
        assert "0 of " in html


def test_still_stuck_summary_lists_steps_tried_and_their_outcomes(visitor):
    visitor.post(OUTCOME.format(ref="matter-not-synced-pm/1"), {"outcome": "not_helpful"})
    visitor.post(CHECK.format(ref="matter-not-synced-pm/4.1"), {"done": "1"})
    html = visitor.get("/s/matter-not-synced-pm/").content.decode()
    summary = re.search(r'<textarea id="support-summary"[^>]*>(.*?)</textarea>', html, re.S).group(
        1
    )
    assert "Problem: Matter Is Not Synchronized in Practice Management" in summary
    assert "Page: http://testserver/s/matter-not-synced-pm/" in summary
    assert "1. [x] In Practice Management, view the matter" in summary
    assert "→ Didn&#x27;t help" in summary
    assert "    4.1. [x] Open the client record" in summary
    assert "2. [ ] If the client on a previously synced matter" in summary
    assert "(not tried)" in summary
    assert "Still stuck?" in html


# --- Steps that state a result are not asked "Did it solve it?" -----------------------------


def test_a_step_stating_a_result_is_not_asked_whether_it_solved_it(client, content):
    html = client.get("/s/tr-access-token-expired/").content.decode()
    statement = step_html(html, "tr-access-token-expired/3")  # "Upon clicking sign in, …"
    assert "Did step 3 solve it?" not in statement
    assert "says what should happen" in statement
    # The instructions around it still are.
    assert "Did step 2 solve it?" in step_html(html, "tr-access-token-expired/2")
    assert "Did step 4 solve it?" in step_html(html, "tr-access-token-expired/4")


def test_editors_decide_whether_a_step_asks(client, content):
    SolutionStep.objects.filter(ref="tr-access-token-expired/3").update(outcome_question="ask")
    SolutionStep.objects.filter(ref="tr-access-token-expired/2").update(outcome_question="skip")
    html = client.get("/s/tr-access-token-expired/").content.decode()
    assert "Did step 3 solve it?" in step_html(html, "tr-access-token-expired/3")
    assert "Did step 2 solve it?" not in step_html(html, "tr-access-token-expired/2")


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("Upon clicking sign in, the user will be landed in the authentication page.", True),
        ("Once saved, the contact should appear in Legal Accounting.", True),
        ("The record will now show as Connected.", True),
        ("Ask the user to sign in; once authenticated, the user will be redirected back.", False),
        ("Click Save. The record will be synced.", False),
        ("Go to Admin > Firm > Settings and check the File field.", False),
        ("When the error appears, restart the sync.", False),
    ],
)
def test_statement_heuristic_is_conservative(text, statement):
    from kb.models.content import reads_as_statement

    assert reads_as_statement(text) is statement
