"""The search package's public interface. Nothing outside kb/search imports Whoosh.

    search(query, limit=10, systems=(), articles=(), prefer=(), issue="") -> SearchResponse

`systems` and `articles` filter (system and article slugs); `prefer` ranks the scenarios of
those systems (the searcher's own products) higher without leaving the others out; `issue`
(an issue title, a clarifying question's answer) puts that issue's scenarios first. The order
of the results is the order every caller shows: the search page and the JSON API alike.

The index holds published scenarios only (drafts are never indexed), so `include_drafts` is
accepted for interface stability and has no effect.
"""

import logging
import threading
from collections import OrderedDict
from heapq import nsmallest

from kb.models.slug_urls import slug_url

from . import learned, reader, tuning
from .index import DAMAGE_ERRORS
from .labels import labels as facet_labels
from .plan import clean, suggestion
from .plan import plan as plan_query
from .ranking import run
from .refinement import prefer_issue
from .snippets import snippet
from .synonyms import version as synonyms_version
from .types import FacetValue, SearchHit, SearchResponse
from .vagueness import FLAT_MIN, vagueness

__all__ = [
    "MAX_FACET_VALUES", "FacetValue", "SearchHit", "SearchResponse", "search", "unknown_terms",
    "warm_up",
]  # fmt: skip

log = logging.getLogger("kb.search")
MAX_LIMIT = 100
# Answers are cached per process until the index or the synonyms change: people repeat the
# same few symptoms, and a hit costs microseconds instead of a Whoosh query. Kept packed into
# bytes (SearchResponse.packed): nothing in the cache for the garbage collector to walk.
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
    issue: str = "",
    include_drafts: bool = False,
) -> SearchResponse:
    response = _search(query, limit, tuple(systems), tuple(articles), prefer)
    return prefer_issue(response, issue)


def _search(query: str, limit: int, systems: tuple, articles: tuple, prefer) -> SearchResponse:
    text = clean(query or "")
    limit = max(1, min(int(limit), MAX_LIMIT))
    if not text.strip():
        return SearchResponse(query=text)
    for attempt in (1, 2):
        try:
            snap = reader.searcher()
            prefer = tuple(sorted(set(prefer)))
            key = (text, limit, tuple(systems), tuple(articles), prefer)
            key += (reader.version(), synonyms_version(), learned.version())
            cached = _cached(key)
            if cached is not None:
                return cached
            p = plan_query(snap, text)
            ranked, total, groups = run(
                snap,
                p,
                limit=limit,
                head=FLAT_MIN,  # whether the answer is flat reads that many, whatever the limit
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
    grouped = bool(p.named) and not systems and tuning.NAMED_FIRST
    response = _response(p, ranked[:limit], total, groups, grouped=grouped)
    response.vague = vagueness(p, ranked)
    if not systems:  # a filter decides alone (run() ignores the names then)
        response.named = tuple(sorted(p.named))
    try:
        packed = response.packed()
    except TypeError:  # text orjson cannot write (a lone surrogate in stored text): not kept
        log.warning("search answer not cached: cannot be packed", exc_info=True)
        return response
    with _cache_lock:
        _cache[key] = packed
        while _cache and len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return response


def _cached(key) -> SearchResponse | None:
    with _cache_lock:
        packed = _cache.get(key)
        if packed is None:
            return None
        _cache.move_to_end(key)
    return SearchResponse.unpacked(packed)  # objects of the caller's own, to change at will


def _response(p, ranked, total, groups, *, grouped: bool) -> SearchResponse:
    terms = p.highlight_terms
    url = slug_url("kb:scenario")
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
                group=("named" if r.named else "other") if grouped else "",
            )
        )
    return SearchResponse(
        query=p.text,
        results=results,
        suggestion=suggestion(p),
        facets=_facets(groups),
        total=total,
    )


# Facet values kept per facet, the most frequent first. On a large index a common word matches
# thousands of articles: every one of them became a chip on the results page (180 KB of HTML at
# 100,000 scenarios) and an object in each cached response (workers near 400 MB).
MAX_FACET_VALUES = 20


def _facets(groups) -> dict[str, list[FacetValue]]:
    names = facet_labels()
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


def unknown_terms(terms) -> set[str]:
    """The index terms (kb.search.analysis) no indexed scenario contains: words the content
    does not use, which the search log's synonym suggestions start from."""
    snap = reader.searcher()
    return {term for term in terms if not snap.frequency("body", term)}


def warm_up() -> None:
    """Open this process's index, building it from the database first when it is missing, and
    replay the change feed: an app server started with an empty index directory is ready before
    it takes its first request."""
    reader.searcher()
