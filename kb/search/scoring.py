"""The rerank: one score per candidate document for a query plan.

The score is the BM25F score scaled by how much of the query a document covers, plus bonuses
for query words found side by side in the title, symptom or steps, for the whole query within
a short stretch of one of them, and for a run of its words quoted in order.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from . import tuning
from .doc_cache import DocTerms, Fields
from .plan import Concept, Plan
from .schema import PHRASE_FIELDS
from .tuning import FIELD_COVERAGE, TEXT_FIELDS


@dataclass
class Ranked:
    docnum: int
    score: float
    fields: dict
    named: bool = False  # of a product the query names (ranking.in_named)


def _idf(snap, concept: Concept, total: int) -> float:
    """How telling the concept is. A multi-word alternative is as rare as its rarest word
    ("practice management" is rare even where "management" is common); the concept is as common
    as its commonest alternative."""
    df = max(
        (min(snap.frequency("body", t) for t in seq) for seq, _ in concept.alternatives),
        default=0,
    )
    return math.log(1 + total / (1 + df))


def _near_pairs(seq: Sequence[str], a: frozenset, b: frozenset) -> bool:
    positions = [i for i, t in enumerate(seq) if t in a]
    return any(not b.isdisjoint(seq[i + 1 : i + 1 + tuning.PHRASE_SLOP]) for i in positions)


def _span(hits: list[tuple[int, int]], n: int) -> int | None:
    """The fewest positions holding all `n` concepts; `hits`: (position, concept), in order."""
    counts: dict[int, int] = {}
    best = None
    left = 0
    for pos, concept in hits:
        counts[concept] = counts.get(concept, 0) + 1
        while len(counts) == n:
            first, gone = hits[left]
            if best is None or pos - first + 1 < best:
                best = pos - first + 1
            counts[gone] -= 1
            if not counts[gone]:
                del counts[gone]
            left += 1
    return best


def spans(live: list[Concept], terms: DocTerms) -> dict[str, int]:
    """Phrase field -> the fewest positions holding every live concept there, for the fields
    where they all lie within m + WINDOW_GAP * (m - 1) positions (m concepts)."""
    n = len(live)
    out: dict[str, int] = {}
    if n < 2:
        return out
    shared = set(PHRASE_FIELDS)
    for concept in live:
        shared &= terms.fields_of(concept.firsts)
        if not shared:
            return out
    widest = n + tuning.WINDOW_GAP * (n - 1)
    for name in shared:
        positions = terms.positions(name)
        seq_of = terms.fields[name]
        hits = [
            (pos, i)
            for i, concept in enumerate(live)
            for pos, _ in _occurrences(concept, positions, seq_of)
        ]
        hits.sort()
        span = _span(hits, n)
        if span is not None and span <= widest:
            out[name] = span
    return out


def _occurrences(concept: Concept, positions: dict, seq_of: Sequence[str]) -> list[tuple[int, int]]:
    """(position, length) of every place the concept's alternatives occur in one field."""
    found = []
    for alt, _ in concept.alternatives:
        for pos in positions.get(alt[0], ()):
            if len(alt) == 1 or tuple(seq_of[pos : pos + len(alt)]) == alt:
                found.append((pos, len(alt)))
    return found


def runs(live: list[Concept], terms: DocTerms) -> dict[str, tuple[int, int]]:
    """Phrase field -> (first, count) of the longest stretch of consecutive query concepts (in
    the query's order) found at consecutive positions there, when it spans at least RUN_MIN
    words ("save" + "time entry" is three) and leaves out at most RUN_SLACK concepts."""
    out: dict[str, tuple[int, int]] = {}
    needed = max(2, len(live) - tuning.RUN_SLACK)
    if len(live) < needed:
        return out
    present = dict.fromkeys(PHRASE_FIELDS, 0)
    for concept in live:
        for name in terms.fields_of(concept.firsts):
            if name in present:
                present[name] += 1
    for name in PHRASE_FIELDS:
        if present[name] < needed:
            continue
        positions, seq_of = terms.positions(name), terms.fields[name]
        best, following = (0, 0, 0), {}
        for i in range(len(live) - 1, -1, -1):
            here: dict[int, tuple[int, int]] = {}  # position -> (concepts, words) from there
            for pos, length in _occurrences(live[i], positions, seq_of):
                k, words = following.get(pos + length, (0, 0))
                here[pos] = max(here.get(pos, (0, 0)), (k + 1, words + length))
            for k, words in here.values():
                if (k, words) > best[1:]:
                    best = (i, k, words)
            following = here
        first, k, words = best
        if k >= needed and words >= tuning.RUN_MIN:
            out[name] = (first, k)
    return out


def _field_score(
    fields: Fields, concept: Concept, terms: DocTerms | None = None
) -> tuple[float, float]:
    """BM25F-style: boosted, length-normalised term counts over fields, then saturated; and how
    fully the concept counts as covered (FIELD_COVERAGE of the best field it was found in).
    `terms`: DocTerms(fields), made once per document."""
    if terms is None:
        terms = DocTerms(fields)
    tf = presence = 0.0
    where = terms.where
    for alt, weight in concept.alternatives:
        if alt[0] not in where:  # most alternatives (synonyms, corrections) are not there
            continue
        if len(alt) == 1:
            count, cover = terms.single(alt[0])
            if count:
                tf += weight * count
                presence = max(presence, cover)
            continue
        each = [where.get(t) for t in alt]  # every term of the alternative, in one field
        if all(each):
            for name in each[0]:
                n = min(f.get(name, 0) for f in each)
                if n:
                    tf += weight * n * terms.per_unit[name]
                    presence = max(presence, FIELD_COVERAGE[name])
    return (tf / (tuning.BM25_K1 + tf) if tf else 0.0), presence


def coverage_shares(weights: list[float]) -> list[float]:
    """How much of the query each concept is, for the coverage (see COVERAGE_IDF_POWER)."""
    roots = [w**tuning.COVERAGE_IDF_POWER for w in weights]
    whole = sum(roots) or 1.0
    return [root / whole for root in roots]


def rerank_score(p: Plan, live, weights, fields: Fields, terms=None, shares=None) -> float:
    """Field-weighted relevance of one candidate, scaled by the share of the query it covers
    (see COVERAGE_IDF_POWER; a word met only in the steps covers less than one in the title, unless
    the whole query is met there within a short stretch: see WINDOW_GAP), plus a bonus per pair
    of adjacent query words found side by side in its title, symptom or steps, one for the
    whole query close together, and one for three or more of its words quoted in order (see
    RUN_BOOST). `terms`: DocTerms(fields), `shares`: coverage_shares(weights), when already
    made (both are the same for every candidate of a query)."""
    score = coverage = 0.0
    if terms is None:
        terms = DocTerms(fields)
    close = spans(live, terms)
    floor = tuning.WINDOW_COVERAGE if any(name in close for name in tuning.WINDOW_FIELDS) else 0.0
    if shares is None:
        shares = coverage_shares(weights)
    for concept, weight, share in zip(live, weights, shares, strict=True):
        s, presence = _field_score(fields, concept, terms)
        if s:
            score += weight * s
            coverage += share * max(presence, floor)
    if close:
        score += tuning.WINDOW_BOOST * sum(weights) / min(close.values())
    quoted = runs(live, terms)
    if quoted:
        score += tuning.RUN_BOOST * max(
            sum(weights[i : i + k]) * k / len(live) * TEXT_FIELDS[name] / TEXT_FIELDS["title"]
            for name, (i, k) in quoted.items()
        )
    for (a, b), pair_weight in p.weighted_bigrams:
        in_a = terms.fields_of(a)
        in_b = terms.fields_of(b) if in_a else in_a
        for name in PHRASE_FIELDS:
            if name in in_a and name in in_b and _near_pairs(fields[name], a, b):
                score += (
                    tuning.PHRASE_BOOST * TEXT_FIELDS[name] / TEXT_FIELDS["title"] * pair_weight
                )
                break
    return score * coverage**tuning.COVERAGE_POWER
