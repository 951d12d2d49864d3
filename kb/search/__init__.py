"""The search package's public interface. Nothing outside kb/search imports Whoosh.

    search(query, limit=10, systems=(), articles=()) -> SearchResponse

PLACEHOLDER implementation (foundation): a word match over the database, so pages can be built
against the real interface. The Whoosh-backed ranking replaces the body of `search`; the
signature and the returned types stay.
"""

import re

from django.db.models import Q
from django.utils.html import escape

from .types import FacetValue, SearchHit, SearchResponse

__all__ = ["FacetValue", "SearchHit", "SearchResponse", "search"]


def search(
    query: str, *, limit: int = 10, systems=(), articles=(), include_drafts: bool = False
) -> SearchResponse:
    from kb.models import Scenario

    words = re.findall(r"\w+", (query or "").lower())[:20]
    if not words:
        return SearchResponse(query=query or "")
    scenarios = Scenario.objects.with_content()
    if not include_drafts:
        scenarios = scenarios.published()
    hits = []
    for scenario in scenarios:
        text = " ".join([scenario.title, scenario.symptom, *(s.text for s in scenario.steps.all())])
        score = sum(text.lower().count(w) for w in words)
        if score:
            hits.append((score, scenario))
    hits.sort(key=lambda pair: -pair[0])
    results = []
    for score, scenario in hits:
        system_objs = scenario.effective_systems()
        if systems and not {s.slug for s in system_objs} & set(systems):
            continue
        if articles and scenario.issue.article.slug not in articles:
            continue
        results.append(
            SearchHit(
                slug=scenario.slug,
                title=scenario.title,
                article=scenario.issue.article.title,
                article_slug=scenario.issue.article.slug,
                issue=scenario.issue.title,
                systems=[s.name for s in system_objs],
                system_slugs=[s.slug for s in system_objs],
                url=scenario.get_absolute_url(),
                score=float(score),
                snippet=escape(scenario.symptom),
            )
        )
    facets: dict[str, dict[str, FacetValue]] = {"systems": {}, "articles": {}}
    for hit in results:
        for slug, name in zip(hit.system_slugs, hit.systems, strict=True):
            old = facets["systems"].get(slug)
            facets["systems"][slug] = FacetValue(slug, name, (old.count if old else 0) + 1)
        old = facets["articles"].get(hit.article_slug)
        facets["articles"][hit.article_slug] = FacetValue(
            hit.article_slug, hit.article, (old.count if old else 0) + 1
        )
    return SearchResponse(
        query=query,
        results=results[:limit],
        total=len(results),
        facets={k: sorted(v.values(), key=lambda f: -f.count) for k, v in facets.items()},
        suggestion=None,
    )
