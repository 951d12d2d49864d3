"""The products a query names: "token expired in legal tracker", "TR token", "exterro ack".

A knowledge base for many products holds the same symptom once per product; a user who names
theirs has said which answers they mean, as one who chose their products has (`prefer`). A
system is named by its short name, its full name, or its vendor's (the full name before the
short name: "Thomson Reuters" of "Thomson Reuters Legal Tracker"), typed out or through a
synonym ("TR", "PM"). A part of a name is not enough: "accounting" is as much "Trust
Accounting" as "Legal Accounting", and "time" is not "TimeKeep Time Capture". The names come
from the System table, so a new product is recognised without code changes.
"""

from dataclasses import dataclass

from .analysis import analyze_terms

Seq = tuple[str, ...]


@dataclass(frozen=True)
class Names:
    """Term sequence -> the slugs of the systems it names, and the first terms of the names (a
    query with none of them names nothing, which is most queries: they cost a lookup a word)."""

    table: dict[Seq, frozenset[str]]
    firsts: frozenset[str]
    longest: int


def name_table(systems) -> Names:
    """`systems`: (slug, name, short_name) of each system."""
    table: dict[Seq, set[str]] = {}
    for slug, name, short_name in systems:
        full, short = tuple(analyze_terms(name)), tuple(analyze_terms(short_name or ""))
        names = {full, short}
        if short and len(full) > len(short) and full[-len(short) :] == short:
            names.add(full[: -len(short)])  # the vendor's name
        for seq in names - {()}:
            table.setdefault(seq, set()).add(slug)
    return Names(
        table={seq: frozenset(slugs) for seq, slugs in table.items()},
        firsts=frozenset(seq[0] for seq in table),
        longest=max(map(len, table), default=0),
    )


def named_systems(terms: list[str], concepts, names: Names) -> frozenset[str]:
    """The slugs of the systems the query names. `terms`: its terms, in order; `concepts`:
    its plan's (a concept's alternatives hold the names its synonyms stand for)."""
    firsts, table = names.firsts, names.table
    named: set[str] = set()
    for concept in concepts:
        if not firsts.isdisjoint(concept.firsts):
            for seq, _ in concept.alternatives:
                named |= table.get(seq, frozenset())
    # A name typed over several words that no synonym joins ("trust accounting").
    for start, term in enumerate(terms[:-1]):
        if term in firsts:
            for end in range(start + 2, min(len(terms), start + names.longest) + 1):
                named |= table.get(tuple(terms[start:end]), frozenset())
    return frozenset(named)
