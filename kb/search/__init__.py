"""The search package's public interface. Nothing outside kb/search imports Whoosh.

    search(query, limit=10, systems=(), articles=(), prefer=()) -> SearchResponse

`systems` and `articles` filter (system and article slugs); `prefer` ranks the scenarios of
those systems (the searcher's own products) higher without leaving the others out.

The index holds published scenarios only (drafts are never indexed), so `include_drafts` is
accepted for interface stability and has no effect.
"""

import functools
import logging
import re
import threading
from collections import OrderedDict
from dataclasses import replace
from heapq import nsmallest

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from .types import FacetValue, SearchHit, SearchResponse

__all__ = ["MAX_FACET_VALUES", "FacetValue", "SearchHit", "SearchResponse", "search", "warm_up"]

log = logging.getLogger("kb.search")
MAX_LIMIT = 100
# Answers are cached per process until the index or the synonyms change: people repeat the
# same few symptoms, and a hit costs microseconds instead of a Whoosh query.
CACHE_SIZE = 2048
_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()


def search(
    query: str,
    *,
    limit: int = 10,
    systems=(),
    articles=(),
    prefer=(),
    include_drafts: bool = False,
) -> SearchResponse:
    from . import query as q
    from . import reader
    from .index import DAMAGE_ERRORS

    text = q.clean(query or "")
    limit = max(1, min(int(limit), MAX_LIMIT))
    if not text.strip():
        return SearchResponse(query=text)
    for attempt in (1, 2):
        try:
            snap = reader.searcher()
            prefer = tuple(sorted(set(prefer)))
            key = (text, limit, tuple(systems), tuple(articles), prefer)
            key += (reader.version(), _syn_version())
            cached = _cached(key)
            if cached is not None:
                return cached
            p = q.plan(snap, text)
            ranked, total, groups = q.run(
                snap,
                p,
                limit=limit,
                systems=tuple(systems),
                articles=tuple(articles),
                prefer=prefer,
            )
            break
        except DAMAGE_ERRORS as exc:
            # A damaged index (files removed or truncated under a running process) is rebuilt
            # from the database once; a second failure is a bug and must surface.
            if attempt == 2:
                raise
            reader.invalidate(repr(exc))
    response = _response(p, ranked, total, groups)
    with _cache_lock:
        _cache[key] = response
        while _cache and len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return _copy(response)


def _syn_version() -> int:
    from .synonyms import version

    return version()


def _cached(key) -> SearchResponse | None:
    with _cache_lock:
        response = _cache.get(key)
        if response is None:
            return None
        _cache.move_to_end(key)
    return _copy(response)


def _copy(response: SearchResponse) -> SearchResponse:
    # Callers may change their response without touching the cached one.
    return replace(
        response,
        results=list(response.results),
        facets={name: list(values) for name, values in response.facets.items()},
    )


def _response(p, ranked, total, groups) -> SearchResponse:
    from .query import suggestion
    from .snippets import snippet

    terms = p.highlight_terms
    url = _scenario_url()
    results = []
    for r in ranked:
        d = r.fields["display"]
        results.append(
            SearchHit(
                slug=r.fields["slug"],
                title=d["title"],
                article=d["article"],
                article_slug=r.fields["article_slug"],
                issue=d["issue"],
                systems=list(d["systems"]),
                system_slugs=list(d["system_slugs"]),
                url=url(r.fields["slug"]),
                score=float(r.score),
                snippet=snippet(d["symptom"], d["steps"], terms),
            )
        )
    return SearchResponse(
        query=p.text,
        results=results,
        suggestion=suggestion(p),
        facets=_facets(groups),
        total=total,
    )


@functools.lru_cache(maxsize=16)
def _url_parts(script_prefix: str, urlconf) -> tuple[str, str]:
    """The scenario URL around its slug, for a script prefix and URLconf (reverse() reads both
    from the request's thread)."""
    marker = "kb-slug-marker"
    head, _, tail = reverse("kb:scenario", args=[marker]).rpartition(marker)
    return head, tail


_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _scenario_url():
    """slug -> the scenario page's URL, as reverse() gives it, with one reverse() per list
    instead of one per hit (a tenth of a results list's cost)."""
    head, tail = _url_parts(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)

    def url(slug: str) -> str:
        if _SLUG.fullmatch(slug):  # what the <slug:> converter takes, which reverse() leaves as is
            return f"{head}{slug}{tail}"
        return reverse("kb:scenario", args=[slug])

    return url


# Facet values kept per facet, the most frequent first. On a large index a common word matches
# thousands of articles: every one of them became a chip on the results page (180 KB of HTML at
# 100,000 scenarios) and an object in each cached response (workers near 400 MB).
MAX_FACET_VALUES = 20


def _facets(groups) -> dict[str, list[FacetValue]]:
    from .labels import labels

    names = labels()
    facets = {}
    for kind, counts in groups.items():
        label = names[kind].get
        # Plain tuples, and objects for the kept few only: a common word at 10,000 scenarios
        # counts over a hundred articles per query. `i` keeps equal labels in count order.
        keyed = [(-n, label(value, value), i, value) for i, (value, n) in enumerate(counts.items())]
        many = len(keyed) > MAX_FACET_VALUES  # a heap pays only when it keeps fewer than all
        top = nsmallest(MAX_FACET_VALUES, keyed) if many else sorted(keyed)
        facets[kind] = [FacetValue(value, name, -n) for n, name, _, value in top]
    return facets


def warm_up() -> None:
    """Open this process's index, building it from the database first when it is missing, and
    replay the change feed: an app server started with an empty index directory is ready before
    it takes its first request."""
    from . import reader

    reader.searcher()
