"""Facet counts for the SQLite engine's snapshot: how many matches per system and per article.

Work per search stays bounded however common the words are: facets are counted document by
document over at most FACET_SCAN_MAX matches; past that, systems are still counted exactly from
the index and articles over the newest FACET_CAP matches.
"""

from collections import Counter

from .base import facet_groups
from .sqlite_expressions import SYSTEM_TOKEN, bound, filtered, match_expression, quote

FACET_CAP = 2000
# Facets are counted in one pass over the matches (a join per match) when the term counts, or
# else a count of the matches, show at most FACET_SCAN_MAX of them; past that, the per-system
# counts (an FTS pass each) cost less. Up to about 8,000 matches the one pass is the cheaper.
FACET_SCAN_MAX = 8000

_PER_FACET = (
    "SELECT f.facet, count(*) FROM fts JOIN doc_facet AS f ON f.id = fts.rowid "
    "WHERE fts MATCH ? GROUP BY f.facet"
)
_PER_FACET_NEWEST = (
    "SELECT f.facet, count(*) FROM fts JOIN doc_facet AS f ON f.id = fts.rowid "
    "WHERE fts MATCH ? AND fts.rowid > ? GROUP BY f.facet"
)


class FacetCounts:
    """The `facets()` of the engine's Snapshot, over its `_rows`, `_sizes`, `_terms_from` and
    `_window`."""

    def facets(self, concepts, *, systems=(), articles=()) -> tuple[int, dict]:
        expression = filtered(match_expression(concepts), systems, articles)
        if bound(self._sizes(concepts)) <= FACET_SCAN_MAX:
            total = None  # few enough to count document by document below, in one pass
        else:
            total = self._rows("SELECT count(*) FROM fts WHERE fts MATCH ?", expression)[0][0]
        if total is None or total <= FACET_SCAN_MAX:
            rows = self._rows(_PER_FACET, expression)
            return facet_groups(Counter(dict(rows)))
        return total, self._per_system(expression)

    def _per_system(self, expression: str) -> dict:
        """Too many to read one by one: systems from the index, articles from the newest
        matches."""
        counts = {}
        for system in self._terms_from("body", SYSTEM_TOKEN):
            n = self._rows(
                "SELECT count(*) FROM fts WHERE fts MATCH ?",
                f"({expression}) AND ({{facets}}: {quote(system)})",
            )[0][0]
            if n:
                counts[system.removeprefix(SYSTEM_TOKEN)] = n
        rows = self._rows(
            _PER_FACET_NEWEST,
            expression,
            self._window(expression, FACET_CAP),
        )
        _, newest = facet_groups(Counter(dict(rows)))
        return {"systems": counts, "articles": newest["articles"]}
