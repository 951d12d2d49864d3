"""Contact support: the built-in request form, and the counting redirect to a help desk.

GET  /support/new?q=…&scenario=…   the form, its description prefilled with the hand-off
POST /support/new                   store a SupportRequest, then 303 to /support/sent
GET  /support/go?q=…&scenario=…    log a SupportClick, redirect to KB_SUPPORT_URL/_EMAIL
"""

from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from kb.feedback.ratelimit import rate_limited
from kb.models import Scenario, SupportClick, SupportRequest

from . import handoff as handoffs
from .forms import SupportRequestForm


class HandoffRedirect(HttpResponseRedirect):
    """Django's redirect refuses mailto:; a configured help desk address is not user input."""

    allowed_schemes = ["http", "https", "mailto"]


def _scenario(request, slug: str) -> Scenario | None:
    """The scenario named, if the visitor may see it; an unknown one just leaves it out."""
    if not slug:
        return None
    return (
        Scenario.objects.visible_to(request.user)
        .select_related("issue__article")
        .filter(slug=slug)
        .first()
    )


def _handoff(request, data):
    return handoffs.build(request, _scenario(request, data.get("scenario", "")), data.get("q", ""))


@require_http_methods(["GET", "POST"])
@rate_limited("support", 5, per=600)
def support_new(request):
    if request.method == "GET":
        handoff = _handoff(request, request.GET)
        form = SupportRequestForm(
            initial={
                "description": handoff.summary,
                "q": handoff.query,
                "scenario": handoff.scenario.slug if handoff.scenario else "",
            }
        )
        return render(request, "kb/support/new.html", {"form": form, "handoff": handoff})
    form = SupportRequestForm(request.POST)
    handoff = _handoff(request, form.data)
    if not form.is_valid():
        context = {"form": form, "handoff": handoff}
        return render(request, "kb/support/new.html", context, status=400)
    scenario = handoff.scenario
    SupportRequest.objects.create(
        visitor=request.visitor_id,
        query=handoff.query,
        products=",".join(handoff.products),
        scenario=scenario,
        article=scenario.issue.article if scenario else None,
        steps_summary=handoff.steps_summary,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        description=form.cleaned_data["description"],
    )
    response = HttpResponseRedirect(reverse("kb:support_sent"))
    response.status_code = 303  # a reload of the thanks page never sends the request twice
    return response


@require_GET
def support_sent(request):
    return render(request, "kb/support/sent.html")


@require_GET
@rate_limited("support_go", 60, per=600, methods=("GET",))
def support_go(request):
    channel = handoffs.channel()
    if channel == "form":
        query = request.GET.urlencode()
        return redirect(reverse("kb:support_new") + (f"?{query}" if query else ""))
    handoff = _handoff(request, request.GET)
    scenario = handoff.scenario
    SupportClick.objects.create(
        visitor=request.visitor_id,
        channel=channel,
        query=handoff.query,
        scenario=scenario,
        article=scenario.issue.article if scenario else None,
    )
    return HandoffRedirect(handoffs.destination(handoff))
