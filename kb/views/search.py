"""The search page: live results, facets, "did you mean" and one clarifying question."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_cookie, vary_on_headers
from django_htmx.http import trigger_client_event

from kb.feedback import log_search
from kb.forms.search import MAX_PAGES, PAGE_SIZE, SearchForm, SearchParams
from kb.models import Article, System
from kb.products import from_request as products_of
from kb.search import SearchResponse, search
from kb.search.refinement import clarifying_question, prefer_issue

BROWSE_ARTICLES = 12


def wants_fragment(request) -> bool:
    # A history restore after a cache miss needs the whole page, though htmx asks for it.
    return bool(request.htmx) and not request.htmx.history_restore_request


@require_GET
@vary_on_headers("HX-Request")
@vary_on_cookie  # the visitor's products order the results
def search_page(request):
    systems = list(System.objects.all())
    params = SearchParams(SearchForm(request.GET, user=request.user, systems=systems))
    mine = products_of(request, systems)
    if params.q:
        response = search(
            params.q,
            limit=params.limit,
            systems=params.systems,
            articles=params.articles,
            prefer=mine,
        )
        response = prefer_issue(response, params.issue)
    else:
        response = SearchResponse(query="")
    search_log = log_search(request, params.q, response) if params.page == 1 else None
    short_names = {s.slug: s.short_name or s.name for s in systems}
    system_chips = params.facet_chips("systems", response.facets.get("systems", []), response.total)
    article_chips = params.facet_chips(
        "articles", response.facets.get("articles", []), response.total
    )
    context = {
        # Once per page: the facet chips alone linked to it forty times.
        "search_url": reverse("kb:search"),
        "fragment": wants_fragment(request),
        "params": params,
        "response": response,
        "search_log": search_log,
        "question": clarifying_question(response, params.querydict(), system_labels=short_names),
        "system_chips": system_chips,
        "article_chips": article_chips,
        "facet_groups": [("System", system_chips), ("Article", article_chips)],
        "more_query": (
            params.query_string(page=params.page + 1)
            if response.total > len(response.results) and params.page < MAX_PAGES
            else ""
        ),
        "unfiltered_query": params.query_string(system=[], article=[], issue=""),
        "suggestion_query": (
            params.query_string(q=response.suggestion) if response.suggestion else ""
        ),
        "systems": systems,
        "my_products": mine,
        "my_product_names": [short_names[slug] for slug in mine],
        "my_hits": {hit.slug for hit in response.results if set(mine) & set(hit.system_slugs)},
        # The products the query names come first; each offers to show only its own fixes.
        "named_products": [
            (short_names[slug], params.query_string(system=[slug]))
            for slug in response.named
            if slug in short_names
        ]
        if response.results
        else [],
        "browse_articles": Article.objects.visible_to(request.user)[:BROWSE_ARTICLES],
    }
    if not context["fragment"]:
        return render(request, "kb/search.html", context)
    fragment = render(request, "kb/search.html#results", context)
    if params.page > 1 and len(response.results) > params.limit - PAGE_SIZE:
        # "Show more" replaced the list: take the reader to the first result they had not seen.
        first_new = params.limit - PAGE_SIZE + 1
        trigger_client_event(fragment, "kb:focus", {"id": f"result-{first_new}"}, after="settle")
    return fragment
