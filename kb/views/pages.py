"""Public browse pages: home, article, system.

What they show of the content is rendered once per content version and process ({% pagecache %}
in the templates, kb/content/page_cache.py); the views hand the templates lazy values, so a
page served from that cache runs none of its queries.
"""

from functools import cache

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from kb import conf
from kb.content import page_cache
from kb.content.freshness import with_updated
from kb.feedback import record_page_view
from kb.feedback.common_problems import common_problems
from kb.feedback.widget import page_widget
from kb.models import Article, ArticleSlugRedirect, Scenario, System
from kb.visitor.products import from_request as products_of

MOST_HELPFUL_COUNT = 5
# A large knowledge base has thousands of articles: the home page shows the first ones (search
# and the system pages reach the rest), and a system page lists its scenarios a page at a time.
HOME_ARTICLES = 24
SYSTEM_PAGE_SIZE = 50
ARTICLE_INDEX_PARTS = ("groups", "unfiled", "article_count")


def once(build):
    """A zero-argument callable computing `build()` on its first call only: a template calls it
    where it needs the value, so content served from the page cache is never queried."""
    return cache(build)


@require_GET
def home(request):
    def articles():
        return (
            Article.objects.visible_to(request.user)
            .prefetch_related("systems")
            .annotate(
                scenario_count=Count(
                    "issues__scenarios", filter=Q(issues__scenarios__archived_at__isnull=True)
                )
            )[:HOME_ARTICLES]
        )

    def systems():
        scenarios = Scenario.objects.visible_to(request.user)
        counted = [(system, scenarios.in_system(system).count()) for system in System.objects.all()]
        return [(system, n) for system, n in counted if n]

    def most_helpful():
        return common_problems(Scenario.objects.visible_to(request.user), MOST_HELPFUL_COUNT)

    context = {
        "articles": once(articles),
        "systems": once(systems),
        "most_helpful": once(most_helpful),
        "most_helpful_seconds": conf.common_problems_seconds(),
    }
    return render(request, "kb/home.html", context)


def _article_index(user) -> dict:
    articles = list(
        Article.objects.visible_to(user)
        .prefetch_related("systems")
        .annotate(scenario_count=Count("issues__scenarios", distinct=True))
        .order_by("title")
    )
    groups = []
    for system in System.objects.all():
        members = [a for a in articles if system in a.systems.all()]
        if members:
            groups.append((system, members, sum(a.scenario_count for a in members)))
    unfiled = [a for a in articles if not a.systems.all()]
    return {"groups": groups, "unfiled": unfiled, "article_count": len(articles)}


@require_GET
def article_index(request):
    """Every published article, grouped by the systems it covers (an article may sit in two)."""
    index = once(lambda: _article_index(request.user))
    context = {name: once(lambda name=name: index()[name]) for name in ARTICLE_INDEX_PARTS}
    return render(request, "kb/articles.html", context)


def _article_of(request, slug):
    """The published (or, for staff, any) article of this slug, from the page cache."""

    def build():
        articles = Article.objects.visible_to(request.user).prefetch_related("systems")
        return with_updated(articles).filter(slug=slug).first()

    return page_cache.get(request, ("article", slug), build)


@require_GET
def article_detail(request, slug):
    article = _article_of(request, slug)
    if article is None:
        # A published article that was renamed keeps its old address (admin, confirmed rename).
        moved = get_object_or_404(
            ArticleSlugRedirect.objects.select_related("article"), old_slug=slug
        )
        return redirect(moved.article, permanent=True)

    def issues():
        scenarios = Scenario.objects.current().prefetch_related("systems")
        # An issue whose scenarios were all archived by a re-import is kept for their feedback.
        return (
            article.issues.filter(scenarios__archived_at__isnull=True)
            .distinct()
            .prefetch_related(Prefetch("scenarios", queryset=scenarios))
        )

    record_page_view(article)
    context = {
        "article": article,
        "issues": once(issues),
        "feedback_widget": page_widget(request, article),
    }
    return render(request, "kb/article.html", context)


@require_GET
def system_detail(request, slug):
    system = get_object_or_404(System, slug=slug)
    scenarios = (
        Scenario.objects.visible_to(request.user)
        .in_system(system)
        .select_related("issue__article")
        .order_by("issue__article__title", "issue__order", "order", "id")
    )
    page = Paginator(scenarios, SYSTEM_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"system": system, "page": page, "my_products": products_of(request)}
    return render(request, "kb/system.html", context)
