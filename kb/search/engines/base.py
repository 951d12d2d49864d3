"""What every engine's snapshot offers the query plan and rerank (plan.py, ranking.py).

A snapshot is one fixed state of the index as a process sees it: a new one is opened when the
index changed, so anything remembered on it (`memo`) is valid for its whole life.

    doc_count() -> int
    frequency(field, term) -> int            documents holding the term; field "body" (analysed
                                             terms) or "words" (unstemmed words, for typos);
                                             0 when no live document holds it
    terms_within(field, word, maxdist) -> iterable of str   a superset of the field's terms within
                                             `maxdist` edits of `word` that share its first letter
    expand_prefix(field, prefix) -> iterable of str
                                             Both list only terms a live document holds: typo
                                             corrections and "did you mean" come from them, so
                                             a word edited out or unpublished is never offered.
    match(concepts, *, any_of, limit, systems, articles, best_first) -> list[int]
                                             the best `limit` documents with every concept (or,
                                             any_of=True, with any), best first (in any order
                                             when they are all the matches, and, unless
                                             best_first, where a group of them all goes in);
                                             a concept is a list of (terms, weight)
                                             alternatives, and an alternative matches when all
                                             its terms are present
    facets(concepts, *, systems, articles) -> (total, {"systems": {slug: n}, "articles": {..}})
                                             documents with every concept, counted
    stored_many(docnums) -> {docnum: dict}   what was stored for these documents (a document
                                             removed since it matched is left out)
    all_stored() -> iterator of dict         every stored document (for the index check)
    up_to_date() -> bool                     False once the index changed on disk

A small index is matched from postings held in memory (`match_sets`): each engine's own query
machinery costs more than the whole rerank there (SQLite up to 300 scenarios, Whoosh, whose
machinery is pure Python, up to 20,000).
"""

from collections import Counter
from functools import lru_cache


def match_sets(docs_of, concepts, any_of: bool = False, filters=()) -> list[int]:
    """What `match()` finds, from postings in memory, in document order: the documents with
    every concept (any_of=True: with any) that lie in each of `filters` (sets of documents).
    `docs_of(term)`: the set of documents holding the term."""
    each = []
    for alternatives in concepts:
        found: set = set()
        for seq, _ in alternatives:
            first, *others = (docs_of(t) for t in seq)
            found |= first.intersection(*others) if others else first
        each.append(found)
    if not each:
        return []
    found = set.union(*each) if any_of else set.intersection(*each)
    for allowed in filters:
        found &= allowed
    return sorted(found)


def facet_groups(per_value: Counter) -> tuple[int, dict[str, dict[str, int]]]:
    """Documents counted per facet value ("article|system,system") -> the total, and counts by
    article and by system."""
    return group_counts((_parsed(value), n) for value, n in per_value.items())


def group_counts(items) -> tuple[int, dict[str, dict[str, int]]]:
    """((article slug, system slugs), documents) pairs -> the total, and counts by article and
    by system."""
    total = 0
    articles: dict[str, int] = {}
    systems: dict[str, int] = {}
    for (article, system_slugs), n in items:
        total += n
        articles[article] = articles.get(article, 0) + n
        for system in system_slugs:
            systems[system] = systems.get(system, 0) + n
    return total, {"systems": systems, "articles": articles}


@lru_cache(maxsize=20_000)  # one entry per article and systems combination: a few MB at most
def _parsed(value: str | bytes) -> tuple[str, tuple[str, ...]]:
    if isinstance(value, bytes):
        value = value.decode()
    article, _, system_list = value.partition("|")
    return article, tuple(filter(None, system_list.split(",")))
