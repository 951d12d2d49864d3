"""The self-service report in the admin (kb/support/selfservice.py), with a CSV export.

Same permission as the feedback reports (`kb.view_vote`): anonymous visitors go to the sign-in
page, other staff get a 403.
"""

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from kb.feedback.forms import ReportRangeForm
from kb.models import Vote
from kb.support import selfservice

from .reports import REPORT_PERMISSION, csv_response


def report_view(view):
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return admin.site.admin_view(checked)


@require_GET
def self_service(request):
    form = ReportRangeForm(request.GET)
    start, end = form.range()
    rows = selfservice.weekly_rows(start, end)
    if request.GET.get("export") == "csv":
        return csv_response(
            f"self-service-{start}-{end}.csv",
            ["Week starting", "Article", "Visits", "Fixed it", "Handed off",
             "Left without either", "Self-service score %"],
            [[r.week.isoformat(), r.article.title, r.visits, r.fixed, r.handed_off, r.left,
              "" if r.score is None else r.score] for r in rows],
        )  # fmt: skip
    context = {
        **admin.site.each_context(request),
        "opts": Vote._meta,
        "title": "Self-service",
        "range_form": form,
        "start": start,
        "end": end,
        "reports_url": reverse("admin:kb_reports"),
        "search_report_url": reverse("admin:kb_report_search"),
        "rows": rows,
        "totals": selfservice.totals(rows),
    }
    return TemplateResponse(request, "admin/kb/reports/selfservice.html", context)


urlpatterns = [
    path("", report_view(self_service), name="kb_report_selfservice"),
]
