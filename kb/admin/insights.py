"""Search insights in the admin: what people search for and how it ends, for editors.

Staff with the `kb.view_insights` permission (the Editor group has it) may read these pages;
anonymous visitors are sent to the sign-in page and other staff get a 403. The queries are
what visitors typed, so they are shown here and nowhere public.
"""

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from kb.feedback import insights
from kb.feedback.forms import ReportRangeForm

from .reports import csv_response

INSIGHTS_PERMISSION = "kb.view_insights"


def insights_view(view):
    """Signed-in staff (else the sign-in page), with the insights permission (else 403)."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm(INSIGHTS_PERMISSION):
            raise PermissionDenied
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


urlpatterns = [
    path("", insights_view(search_insights), name="kb_insights"),
]
