"""Feedback reports for editors, in the admin: articles, scenarios' steps, and the search log.

Reached from the Votes list (kb.Vote). Staff with the `kb.view_vote` permission (the Editor
group has it) may read them; comments can name clients, so they are shown here and nowhere
public.
"""

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator

from kb.feedback import charts, reports
from kb.feedback.forms import ReportRangeForm
from kb.models import Article, Scenario, Vote

REPORT_PERMISSION = "kb.view_vote"
RECENT_COMMENTS = 50


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    """Votes are what visitors said: readable, deletable (e.g. a comment naming a client),
    never edited."""

    change_list_template = "admin/kb/vote/change_list.html"
    list_display = ["page", "helpful", "reason_list", "short_comment", "updated_at"]
    list_filter = ["helpful", "updated_at", "article"]
    search_fields = ["comment", "article__title", "scenario__title"]
    date_hierarchy = "updated_at"
    list_select_related = ["article", "scenario"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Page")
    def page(self, vote):
        return vote.scenario or vote.article

    @admin.display(description="Reasons")
    def reason_list(self, vote):
        return ", ".join(vote.distinct_reasons)

    @admin.display(description="Comment")
    def short_comment(self, vote):
        return Truncator(vote.comment).chars(80)

    def get_urls(self):
        def report(view):
            return self.admin_site.admin_view(self._permission_required(view))

        return [
            path("reports/", report(self.overview), name="kb_reports"),
            path("reports/article/<int:pk>/", report(self.article_report),
                 name="kb_report_article"),
            path("reports/scenario/<int:pk>/", report(self.scenario_report),
                 name="kb_report_scenario"),
            path("reports/search/", report(self.search_report), name="kb_report_search"),
            *super().get_urls(),
        ]

    def _permission_required(self, view):
        def checked(request, *args, **kwargs):
            if not request.user.has_perm(REPORT_PERMISSION):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked

    def _context(self, request, title, **extra):
        form = ReportRangeForm(request.GET)
        start, end = form.range()
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "range_form": form,
            "start": start,
            "end": end,
            "reports_url": reverse("admin:kb_reports"),
            "search_report_url": reverse("admin:kb_report_search"),
            **extra,
        }

    def overview(self, request):
        context = self._context(request, "Feedback reports")
        start, end = context["start"], context["end"]
        rows = reports.article_rows(start, end)
        if request.GET.get("export") == "csv":
            return csv_response(
                f"articles-{start}-{end}.csv",
                ["Article", "Article page views", "Scenario page views", "Yes", "No",
                 "Helpful %"],
                [[r.article.title, r.views, r.scenario_views, r.yes, r.no,
                  "" if r.helpful_percent is None else r.helpful_percent] for r in rows],
            )
        votes = Vote.objects.between(start, end)
        context.update(
            rows=rows,
            totals=votes.tally(),
            trend=charts.helpful_trend(votes.daily_tally(), start, end),
        )
        return TemplateResponse(request, "admin/kb/reports/overview.html", context)

    def article_report(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        context = self._context(request, f"Feedback: {article.title}", article=article)
        start, end = context["start"], context["end"]
        votes = Vote.objects.between(start, end).filter(article=article)
        targets = reports.article_targets(article, start, end)
        context.update(
            totals=votes.tally(),
            views=sum(t.views for t in targets),
            targets=targets,
            reasons=reports.reason_rows(votes),
            comments=reports.label_vote_reasons(
                votes.with_comments().select_related("scenario")[:RECENT_COMMENTS]
            ),
            trend=charts.helpful_trend(votes.daily_tally(), start, end),
        )
        return TemplateResponse(request, "admin/kb/reports/article.html", context)

    def scenario_report(self, request, pk):
        scenario = get_object_or_404(
            Scenario.objects.select_related("issue__article").prefetch_related("steps"), pk=pk
        )
        context = self._context(request, f"Feedback: {scenario.title}", scenario=scenario)
        start, end = context["start"], context["end"]
        steps = reports.step_report(scenario, start, end)
        votes = Vote.objects.between(start, end).filter(scenario=scenario)
        context.update(
            steps=steps,
            funnel=charts.step_funnel(steps.rows),
            totals=votes.tally(),
            reasons=reports.reason_rows(votes),
            comments=reports.label_vote_reasons(votes.with_comments()[:RECENT_COMMENTS]),
        )
        return TemplateResponse(request, "admin/kb/reports/scenario.html", context)

    def search_report(self, request):
        context = self._context(request, "Search log")
        start, end = context["start"], context["end"]
        export = request.GET.get("export")
        if export:
            if export not in reports.SEARCH_EXPORTS:
                raise Http404("No such export.")
            return csv_response(
                f"search-{export}-{start}-{end}.csv",
                ["Query", "Searches", "Opened a result", "No results", "Average results",
                 "Last searched"],
                [[r["normalized"], r["searches"], r["clicks"], r["zero"],
                  round(r["average_results"] or 0, 1), r["last_searched"].isoformat()]
                 for r in reports.search_export_rows(export, start, end)],
            )
        context["tables"] = reports.search_tables(start, end)
        context["exports"] = {kind: label for kind, (label, _) in reports.SEARCH_EXPORTS.items()}
        return TemplateResponse(request, "admin/kb/reports/search.html", context)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Visitors type the search queries: keep a spreadsheet from running one as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response
