"""The scenario page and its checklist: tick a step, say how it went, start over.

Every POST answers an HTMX request with the changed step (plus progress and the support
summary, swapped out of band) and a plain form post with a redirect back to the step.
"""

from dataclasses import dataclass, field
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from kb.content import page_cache
from kb.content.freshness import with_updated
from kb.feedback import checklist as checklists
from kb.feedback import record_page_view, record_search_click
from kb.feedback.checklist_forms import CheckForm, OutcomeForm
from kb.feedback.ratelimit import rate_limited
from kb.feedback.widget import page_widget
from kb.models import Outcome, Scenario, SlugRedirect, SolutionStep, StepKind
from kb.support import handoff
from kb.views.related import POINTER, Related, related_scenarios, see_also
from kb.visitor.identity import nothing_stored

STILL_STUCK_ID = "still-stuck"
# What "Back to results" carries over from the search it came from.
SEARCH_PARAMS = {"q", "system", "article", "issue", "page"}

# Ticks, outcomes and resets share one allowance: an agent works through several scenarios.
checklist_limit = rate_limited("checklist", 120, per=600)


def see_other(url):
    """303: after a form post the browser GETs the page, so a reload never re-posts."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _scenarios(request):
    # Screenshots are shown under their step (templates/kb/_step_images.html).
    scenarios = Scenario.objects.visible_to(request.user).with_content()
    return with_updated(scenarios.prefetch_related("steps__images"), "issue__article__")


@dataclass
class ScenarioContent:
    """What a scenario page shows of the content: the same for every visitor (page_cache)."""

    scenario: Scenario
    systems: list
    related: Related
    see_also: dict = field(default_factory=dict)  # step id -> the scenarios it points to


def scenario_content(request, scenario) -> ScenarioContent:
    visible = Scenario.objects.visible_to(request.user).select_related("issue")
    related = related_scenarios(scenario, visible)
    pointers = {
        step.pk: see_also(step.text, scenario, related.all)
        for step in scenario.steps.all()
        if POINTER.search(step.text)
    }
    return ScenarioContent(scenario, scenario.effective_systems(), related, pointers)


def _content_of(request, slug) -> ScenarioContent | None:
    """The page's content, from this process's cache while the content is unchanged."""

    def build():
        scenario = _scenarios(request).filter(slug=slug).first()
        return None if scenario is None else scenario_content(request, scenario)

    return page_cache.get(request, ("scenario", slug), build)


def scenario_page_context(request, content: ScenarioContent | Scenario, **extra):
    if isinstance(content, Scenario):
        content = scenario_content(request, content)
    scenario = content.scenario
    known = not nothing_stored(request)
    checklist = checklists.build(scenario, request.visitor_id, known=known)
    page_url = request.build_absolute_uri(scenario.get_absolute_url())
    for item in checklist.all_items():
        if item.step.pk in content.see_also:
            item.see_also = content.see_also[item.step.pk]
    # The scenario's checklist already knows whether a step fixed it: no second query.
    widget = page_widget(request, scenario, fixed=checklist.fixed is not None)
    return {
        "scenario": scenario,
        "systems": content.systems,
        "checklist": checklist,
        "feedback_widget": widget,
        "feedback_widget_oob": {**widget, "oob": True},
        # Built only where a page shows it: a checklist from the page cache has it already.
        "summary": cache(lambda: checklist.summary(page_url)),
        "page_url": page_url,
        "related": content.related,
        "still_stuck_id": STILL_STUCK_ID,
        **extra,
    }


def results_url(request) -> str:
    """The search this page was opened from (its Referer), rebuilt from its own parameters so
    the link stays on this site and names only a search; "" when it was not opened from one."""
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc != request.get_host() or referer.path != reverse("kb:search"):
        return ""
    params = [(k, v) for k, v in parse_qsl(referer.query) if k in SEARCH_PARAMS and v]
    if not any(k == "q" for k, _ in params):
        return ""
    return f"{reverse('kb:search')}?{urlencode(params)}"


def _actionable_step(request, ref) -> SolutionStep:
    """A step a visitor can tick (not a note), on a scenario they may see; 404 otherwise."""
    steps = SolutionStep.objects.filter(
        kind__in=[StepKind.ALTERNATIVE, StepKind.STEP],
        scenario__in=Scenario.objects.visible_to(request.user),
    )
    return get_object_or_404(steps, ref=ref)


def _step_response(request, step, *, error="", status=200, focus_next=False):
    scenario = _scenarios(request).get(pk=step.scenario_id)
    context = scenario_page_context(
        request, scenario, error=error, error_step_id=step.pk if error else None
    )
    focus_id = ""
    if focus_next:
        following = context["checklist"].next_to_try(step)
        focus_id = following.dom_id if following else STILL_STUCK_ID
    if request.htmx:
        context["item"] = context["checklist"].find(step)
        context["oob"] = True
        response = render(request, "kb/scenario.html#step_update", context, status=status)
        if focus_id:
            trigger_client_event(response, "kb:focus", {"id": focus_id}, after="settle")
        return response
    if error:
        context["feedback_widget"] = page_widget(request, scenario)
        return render(request, "kb/scenario.html", context, status=status)
    return see_other(f"{scenario.get_absolute_url()}#{focus_id or f'step-{step.pk}'}")


@require_GET
@vary_on_headers("HX-Request")
def scenario_detail(request, slug):
    content = _content_of(request, slug)
    if content is None:
        moved = get_object_or_404(SlugRedirect.objects.select_related("scenario"), old_slug=slug)
        return redirect(moved.scenario, permanent=True)
    scenario = content.scenario
    record_page_view(scenario.issue.article, scenario)
    record_search_click(request, scenario)
    back = results_url(request)
    query = dict(parse_qsl(urlsplit(back).query)).get("q", "") if back else ""
    support_url = handoff.link(query, scenario)
    context = scenario_page_context(
        request, content, back_to_results=back, support_url=support_url
    )
    return render(request, "kb/scenario.html", context)


@require_POST
@checklist_limit
def step_check(request, ref):
    step = _actionable_step(request, ref)
    form = CheckForm(request.POST)
    if not form.is_valid():
        return _step_response(request, step, error=form.errors["done"][0], status=400)
    checklists.set_done(step, request.visitor_id, form.cleaned_data["done"])
    return _step_response(request, step)


@require_POST
@checklist_limit
def step_outcome(request, ref):
    step = _actionable_step(request, ref)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return _step_response(request, step, error=form.errors["outcome"][0], status=400)
    outcome = form.cleaned_data["outcome"]
    checklists.record_outcome(step, request.visitor_id, outcome)
    return _step_response(request, step, focus_next=outcome == Outcome.NOT_HELPFUL)


@require_POST
@checklist_limit
def checklist_reset(request, slug):
    scenario = get_object_or_404(_scenarios(request), slug=slug)
    checklists.reset(scenario, request.visitor_id)
    if request.htmx:
        context = scenario_page_context(request, scenario, refresh_feedback=True)
        return render(request, "kb/scenario.html#checklist", context)
    return see_other(reverse("kb:scenario", args=[scenario.slug]) + "#checklist")
