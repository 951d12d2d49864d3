"""What the search package answers with: plain data, free of any Whoosh type.

Not frozen, to be cheap to make (a frozen dataclass sets each field through object.__setattr__:
three times the cost, for the ten or more of these every search makes). The results cache keeps
an answer packed into bytes (SearchResponse.packed) and unpacks new objects for each caller, who
may change them.
"""

from dataclasses import dataclass, field

import orjson


@dataclass(slots=True)
class FacetValue:
    value: str  # a System slug or an Article slug (what a filter takes)
    label: str
    count: int


@dataclass(slots=True)
class SearchHit:
    slug: str  # the catalogue's scenario slug
    title: str
    article: str  # article title
    article_slug: str
    issue: str  # issue title
    systems: list[str]  # system names where the symptom shows
    system_slugs: list[str]
    url: str  # the scenario page
    score: float
    snippet: str  # HTML: escaped text with <mark> around matched words
    # "named": of a product the query names (listed first); "other": "In other products";
    # "" when the query names none.
    group: str = ""

    def as_json(self) -> dict:
        return {
            "slug": self.slug,
            "title": self.title,
            "article": self.article,
            "issue": self.issue,
            "systems": self.systems,
            "url": self.url,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "group": self.group,
        }


@dataclass
class SearchResponse:
    query: str
    results: list[SearchHit] = field(default_factory=list)
    suggestion: str | None = None  # "did you mean", from the index's own vocabulary
    # "systems", "articles": the most frequent values (at most 20 each), commonest first
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    total: int = 0  # matches before `limit`
    named: tuple[str, ...] = ()  # slugs of the systems the query names, ranked first
    # "generic" (only words saying something is wrong), "flat" (no clear leader among
    # products) or "": kb.search.vagueness. The page then asks which product, which symptom.
    vague: str = ""

    def as_json(self) -> dict:
        return {
            "query": self.query,
            "suggestion": self.suggestion,
            "results": [hit.as_json() for hit in self.results],
            "facets": {
                name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
                for name, values in self.facets.items()
            },
            "total": self.total,
            "named_systems": list(self.named),
            "vague": self.vague,
        }

    def packed(self) -> bytes:
        """The answer as compact JSON, which `unpacked` makes again. The results cache keeps
        answers so: as objects (forty or more per answer), the answers of never-asked queries
        passed through the garbage collector's generations on their way out of the cache, and
        its passes took twice as long."""
        return orjson.dumps(
            (
                self.query,
                [
                    (h.slug, h.title, h.article, h.article_slug, h.issue, h.systems,
                     h.system_slugs, h.url, h.score, h.snippet, h.group)
                    for h in self.results
                ],
                self.suggestion,
                [
                    (name, [(f.value, f.label, f.count) for f in values])
                    for name, values in self.facets.items()
                ],
                self.total,
                self.named,
                self.vague,
            )
        )  # fmt: skip

    @classmethod
    def unpacked(cls, data: bytes) -> "SearchResponse":
        query, hits, suggestion, facets, total, named, vague = orjson.loads(data)
        return cls(
            query=query,
            results=[SearchHit(*hit) for hit in hits],
            suggestion=suggestion,
            facets={name: [FacetValue(*value) for value in values] for name, values in facets},
            total=total,
            named=tuple(named),
            vague=vague,
        )
