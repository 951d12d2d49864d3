"""The search page: live results, facets, "did you mean" and one clarifying question."""

from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_cookie, vary_on_headers
from django_htmx.http import trigger_client_event

from kb.content import page_cache
from kb.feedback import log_search
from kb.models import Article, System
from kb.models.slug_urls import fixed_url
from kb.search import SearchResponse, search
from kb.support import handoff
from kb.views.search_forms import PAGE_SIZE, SearchParams
from kb.visitor.products import from_request as products_of

from .search_page import SearchPage

BROWSE_ARTICLES = 12


def wants_fragment(request) -> bool:
    # A history restore after a cache miss needs the whole page, though htmx asks for it.
    return bool(request.htmx) and not request.htmx.history_restore_request


@require_GET
@vary_on_headers("HX-Request")
@vary_on_cookie  # the visitor's products order the results
def search_page(request):
    systems = page_cache.get(request, ("systems",), lambda: list(System.objects.all()))
    params = SearchParams(request.GET, user=request.user, systems=systems)
    mine = products_of(request, systems)
    response = (
        search(params.q, limit=params.limit, systems=params.systems, articles=params.articles,
               prefer=mine, issue=params.issue)
        if params.q
        else SearchResponse(query="")
    )  # fmt: skip
    page = SearchPage(params, response, systems, mine)
    context = {
        **page.context(),
        "search_url": fixed_url("kb:search"),  # the chips link to it forty times
        "fragment": wants_fragment(request),
        "search_log": log_search(request, params.q, response) if params.page == 1 else None,
        # Called only when the page shows them (no results), and then only if not cached.
        "browse_articles": lambda: Article.objects.visible_to(request.user)[:BROWSE_ARTICLES],
        "support_url": handoff.link(params.q)
        if params.q and not response.results
        else "",
    }
    if not context["fragment"]:
        return render(request, "kb/search.html", context)
    fragment = render(request, "kb/search.html#results", context)
    if params.page > 1 and len(response.results) > params.limit - PAGE_SIZE:
        # "Show more" replaced the list: take the reader to the first result they had not seen.
        first_new = params.limit - PAGE_SIZE + 1
        trigger_client_event(fragment, "kb:focus", {"id": f"result-{first_new}"}, after="settle")
    return fragment
