"""The products a query names: "token expired in legal tracker", "TR token", "exterro ack".

A knowledge base for many products holds the same symptom once per product; a user who names
theirs has said which answers they mean, as one who chose their products has (`prefer`). A
system is named by its short name, its full name, or its vendor's (the full name before the
short name: "Thomson Reuters" of "Thomson Reuters Legal Tracker"), typed out or through a
synonym ("TR", "PM"). A part of a name is not enough: "accounting" is as much "Trust
Accounting" as "Legal Accounting", and "time" is not "TimeKeep Time Capture". The names come
from the System table, so a new product is recognised without code changes.
"""

from .analysis import analyze_terms

Seq = tuple[str, ...]


def name_table(systems) -> dict[Seq, frozenset[str]]:
    """Term sequence -> the slugs of the systems it names; `systems`: (slug, name, short_name)."""
    table: dict[Seq, set[str]] = {}
    for slug, name, short_name in systems:
        full, short = tuple(analyze_terms(name)), tuple(analyze_terms(short_name or ""))
        names = {full, short}
        if short and len(full) > len(short) and full[-len(short) :] == short:
            names.add(full[: -len(short)])  # the vendor's name
        for seq in names - {()}:
            table.setdefault(seq, set()).add(slug)
    return {seq: frozenset(slugs) for seq, slugs in table.items()}


def named_systems(terms: list[str], concepts, table: dict[Seq, frozenset[str]]) -> frozenset[str]:
    """The slugs of the systems the query names. `terms`: its terms, in order; `concepts`:
    its plan's (a concept's alternatives hold the names its synonyms stand for)."""
    if not table:
        return frozenset()
    named: set[str] = set()
    for concept in concepts:
        for seq, _ in concept.alternatives:
            named |= table.get(seq, frozenset())
    # A name typed over several words that no synonym joins ("trust accounting").
    longest = max(map(len, table))
    for start in range(len(terms) - 1):
        for end in range(start + 2, min(len(terms), start + longest) + 1):
            named |= table.get(tuple(terms[start:end]), frozenset())
    return frozenset(named)
