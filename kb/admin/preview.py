"""Preview of a working copy: the public article and scenario templates, filled from the
working copy's rows, with links kept inside the preview and a staff-only banner.

Nothing here records anything: no page view is counted, and the feedback endpoints refuse a
working copy's rows (they are visible to nobody outside the admin), so a click in the preview
changes no count.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from kb.content import working_copy
from kb.feedback.widget import page_widget
from kb.models import Scenario
from kb.views.related import related_scenarios
from kb.views.scenario import scenario_page_context


def _links(article, scenarios) -> None:
    """Point the pages' links at the preview (the public URLs of a working copy are 404s)."""
    article_url = reverse("admin:kb_article_preview", args=[article.pk])
    article.get_absolute_url = lambda: article_url
    for scenario in scenarios:
        url = reverse("admin:kb_article_preview_scenario", args=[article.pk, scenario.pk])
        scenario.get_absolute_url = lambda url=url: url
        scenario.issue.article = article


def _context(review, **extra) -> dict:
    return {
        "preview_of": review.working_copy_of,
        "preview_admin_url": reverse("admin:kb_article_change", args=[review.article_id]),
        **extra,
    }


def article_page(request, review):
    article = review.article
    scenarios = Scenario.objects.current().select_related("issue").prefetch_related("systems")
    issues = list(
        article.issues.filter(scenarios__archived_at__isnull=True)
        .distinct()
        .prefetch_related(Prefetch("scenarios", queryset=scenarios))
    )
    _links(article, [s for issue in issues for s in issue.scenarios.all()])
    context = _context(
        review, article=article, issues=issues, feedback_widget=page_widget(request, article)
    )
    return render(request, "kb/article.html", context)


def _public_url(review, scenario) -> str:
    """The address the scenario will have once published (its summary names it)."""
    origin = working_copy.origin_of(scenario)
    if origin is not None:
        return origin.get_absolute_url()
    slug = scenario.slug.removesuffix(working_copy.suffix(review.working_copy_of_id))
    return reverse("kb:scenario", args=[slug])


def scenario_page(request, review, scenario_id):
    own = Scenario.objects.current().filter(issue__article=review.article)
    scenario = get_object_or_404(own.with_content(), pk=scenario_id)
    public_url = _public_url(review, scenario)
    scenario.get_absolute_url = lambda: public_url
    context = scenario_page_context(request, scenario)
    context["related"] = related = related_scenarios(scenario, own.select_related("issue"))
    _links(review.article, [scenario, *related.all])
    return render(request, "kb/scenario.html", _context(review, **context))
