"""Search insights in the admin: what people search for and how it ends, for editors.

Staff with the `kb.view_insights` permission (the Editor group has it) may read these pages;
anonymous visitors are sent to the sign-in page and other staff get a 403. The queries are
what visitors typed, so they are shown here and nowhere public.
"""

from functools import wraps

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from kb import conf
from kb.feedback import gaps, insights, suggestions
from kb.feedback.forms import ReportRangeForm
from kb.feedback.writebehind import flush_all as flush_pending

from .reports import csv_response

INSIGHTS_PERMISSION = "kb.view_insights"
# Accepting a suggestion writes a synonym group: the editor must be allowed to.
SYNONYM_PERMISSIONS = ("kb.add_synonym", "kb.change_synonym")


def insights_view(view):
    """Signed-in staff (else the sign-in page), with the insights permission (else 403)."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm(INSIGHTS_PERMISSION):
            raise PermissionDenied
        flush_pending()  # this process's searches too, not only those written
        return view(request, *args, **kwargs)

    return admin.site.admin_view(checked)


def page_context(request, title: str, **extra) -> dict:
    form = ReportRangeForm(request.GET)
    start, end = form.range()
    return {
        **admin.site.each_context(request),
        "title": title,
        "range_form": form,
        "start": start,
        "end": end,
        "insights_url": reverse("kb_insights"),
        "suggestions_url": reverse("kb_insights_suggestions"),
        "gaps_url": reverse("kb_insights_gaps"),
        **extra,
    }


@require_GET
def search_insights(request):
    context = page_context(request, "Search insights")
    start, end = context["start"], context["end"]
    export = request.GET.get("export")
    if export:
        if export not in insights.KINDS:
            raise Http404("No such export.")
        header, *rows = insights.export_rows(export, start, end)
        return csv_response(f"insights-{export}-{start}-{end}.csv", header, rows)
    found = insights.tables(start, end)
    context["tables"] = [(kind, label, found[kind]) for kind, label in insights.KINDS.items()]
    context["weeks"] = insights.TREND_WEEKS
    return TemplateResponse(request, "admin/kb/insights/insights.html", context)


@require_GET
def suggested_synonyms(request):
    context = page_context(
        request,
        "Suggested synonyms",
        suggestions=suggestions.suggestions(),
        min_visitors=conf.setting("KB_SYNONYM_SUGGESTION_MIN_VISITORS"),
        window_minutes=int(suggestions.RETRY_WINDOW.total_seconds() // 60),
        can_edit=request.user.has_perms(SYNONYM_PERMISSIONS),
    )
    return TemplateResponse(request, "admin/kb/insights/suggestions.html", context)


@require_POST
def decide_suggestion(request):
    """Accept (add the pair to a synonym group) or dismiss (never suggest it again)."""
    if not request.user.has_perms(SYNONYM_PERMISSIONS):
        raise PermissionDenied
    action = request.POST.get("action")
    found = suggestions.find(request.POST.get("source", ""), request.POST.get("target", ""))
    if action not in ("accept", "dismiss"):
        messages.error(request, "Choose Accept or Dismiss.")
    elif found is None:
        messages.warning(request, "That pair is no longer suggested (accepted or dismissed).")
    elif action == "accept":
        group = suggestions.accept(found, request.user)
        messages.success(
            request,
            f"\u201c{found.source_text}\u201d now means \u201c{found.target_text}\u201d in searches "
            f"(synonym group \u201c{group.key}\u201d).",
        )
    else:
        suggestions.dismiss(found.source, found.target, request.user)
        messages.success(request, f"\u201c{found.source_text}\u201d will not be suggested again.")
    response = HttpResponseRedirect(reverse("kb_insights_suggestions"))
    response.status_code = 303
    return response


@require_GET
def content_gaps(request):
    context = page_context(request, "Content gaps")
    context["gaps"] = gaps.gaps(context["start"], context["end"])
    context["can_add"] = request.user.has_perm("kb.add_scenario")
    return TemplateResponse(request, "admin/kb/insights/gaps.html", context)


urlpatterns = [
    path("", insights_view(search_insights), name="kb_insights"),
    path("suggestions/", insights_view(suggested_synonyms), name="kb_insights_suggestions"),
    path("suggestions/decide/", insights_view(decide_suggestion),
         name="kb_insights_suggestion_decide"),
    path("gaps/", insights_view(content_gaps), name="kb_insights_gaps"),
]
