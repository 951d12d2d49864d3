"""FTS5 query text from query concepts, for the SQLite engine, and the same matches found from
postings held in memory (a small index). Every term is quoted, so nothing a user types is read
as FTS5 syntax."""

import re

from .. import tuning
from .base import match_sets

# Facet tokens in the `facets` column: "s_" + a system slug, "a_" + an article slug.
SYSTEM_TOKEN = "s_"
ARTICLE_TOKEN = "a_"
FACET_TOKENS = (SYSTEM_TOKEN, ARTICLE_TOKEN)

# One token to the FTS5 tokenizer as configured (ASCII letters folded to lower case): a term
# outside this would be split or folded there, so it is matched by FTS5 itself.
_ONE_TOKEN = re.compile("[0-9a-z_\\-\u0080-\U0010ffff]+")


def quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def concept_expression(alternatives) -> str:
    parts = []
    for seq, _ in alternatives:
        terms = [quote(t) for t in seq]
        parts.append(terms[0] if len(terms) == 1 else "(" + " AND ".join(terms) + ")")
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def phrase_expression(concepts) -> str:
    """The concepts as typed (each one's first alternative), in order, as FTS5 phrases: the
    whole query, or all of it but PHRASE_SLACK concepts at either end (the rerank rewards such
    a quote too: tuning.RUN_SLACK), each of at least PHRASE_MIN_TERMS terms. Within the
    conjunction: every concept is still required."""
    typed = [alternatives[0][0] for alternatives in concepts]
    shortest = max(2, len(typed) - tuning.PHRASE_SLACK)
    phrases = []
    for size in range(len(typed), shortest - 1, -1):
        for start in range(len(typed) - size + 1):
            terms = [t for seq in typed[start : start + size] for t in seq]
            if len(terms) >= tuning.PHRASE_MIN_TERMS:
                phrases.append(quote(" ".join(terms)))
    if len(phrases) == 1:  # the whole query always is one: the caller asks for enough terms
        return phrases[0]
    return f"({' OR '.join(phrases)}) AND ({match_expression(concepts)})"


def match_expression(concepts, any_of: bool = False) -> str:
    """An FTS5 query from concepts: built from analyser terms, every one quoted, so nothing a
    user types is read as FTS5 syntax."""
    return (" OR " if any_of else " AND ").join(concept_expression(c) for c in concepts)


def bound(sizes: list[int], any_of: bool = False) -> int:
    """At most how many documents match all the concepts (or, any_of=True, any), from each
    concept's most (Snapshot._sizes)."""
    return sum(sizes) if any_of else min(sizes, default=0)


def filtered(expression: str, systems, articles) -> str:
    for prefix, values in ((SYSTEM_TOKEN, systems), (ARTICLE_TOKEN, articles)):
        if values:
            wanted = " OR ".join(quote(prefix + v) for v in values)
            expression = f"({expression}) AND ({{facets}}: ({wanted}))"
    return expression


def matching(postings, concepts, any_of, systems, articles) -> list[int] | None:
    """What `fts MATCH filtered(match_expression(concepts, any_of), systems, articles)` finds,
    from postings held in memory, in rowid order; None for a term FTS5 would read otherwise."""
    terms, facets = postings
    for alternatives in concepts:
        for seq, _ in alternatives:
            if not all(_ONE_TOKEN.fullmatch(t) for t in seq):
                return None
    empty: frozenset = frozenset()
    filters = [
        set().union(*(facets.get(prefix + v, empty) for v in values))
        for prefix, values in ((SYSTEM_TOKEN, systems), (ARTICLE_TOKEN, articles))
        if values
    ]
    return match_sets(lambda term: terms.get(term, empty), concepts, any_of, filters)
