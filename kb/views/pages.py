"""Public pages: home, article, scenario."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from kb.feedback import record_page_view, record_search_click
from kb.models import Article, ArticleSlugRedirect, Scenario, SlugRedirect


@require_GET
def home(request):
    articles = Article.objects.visible_to(request.user).prefetch_related("systems")
    return render(request, "kb/home.html", {"articles": articles})


@require_GET
def article_detail(request, slug):
    article = Article.objects.visible_to(request.user).filter(slug=slug).first()
    if article is None:
        moved = get_object_or_404(
            ArticleSlugRedirect.objects.select_related("article"), old_slug=slug
        )
        return redirect(moved.article, permanent=True)
    issues = article.issues.prefetch_related("scenarios")
    record_page_view(article)
    return render(request, "kb/article.html", {"article": article, "issues": issues})


@require_GET
def scenario_detail(request, slug):
    scenarios = Scenario.objects.visible_to(request.user).with_content()
    scenario = scenarios.filter(slug=slug).first()
    if scenario is None:
        moved = get_object_or_404(SlugRedirect.objects.select_related("scenario"), old_slug=slug)
        return redirect(moved.scenario, permanent=True)
    record_page_view(scenario.issue.article, scenario)
    record_search_click(request, scenario)
    return render(
        request, "kb/scenario.html", {"scenario": scenario, "steps": scenario.step_tree()}
    )
