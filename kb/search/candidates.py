"""Which documents the rerank scores: every concept first, looser matches to fill up.

Documents matching every concept come first (conjunctive first, which is also what keeps large
indexes fast); looser matches fill the list: every concept but one that typo correction
guessed, then any concept; and the searcher's own products (or those the query names) add
candidates of their own.
"""

from itertools import zip_longest

from . import tuning
from .plan import Concept


def loose_concepts(snap, live: list[Concept]) -> list[Concept]:
    """The concepts that look for loose candidates, very common words left out.

    Scoring an any-word match walks every posting of every word: a word found in a tenth of
    the index multiplies the work and hardly changes which documents come first (rerank_score
    still counts it on the candidates). The two rarest concepts always stay, so a query of
    common words still finds candidates.
    """

    def df(concept):
        # At most how many documents hold it: an alternative of several words ("legal
        # accounting" for "LA") is as rare as its rarest word, however common the others are.
        return sum(min(snap.frequency("body", t) for t in seq) for seq, _ in concept.alternatives)

    common = max(tuning.CANDIDATES, snap.doc_count() // tuning.COMMON_SHARE)
    ranked = sorted(live, key=df)
    return ranked[:2] + [c for c in ranked[2:] if df(c) <= common]


def _looser(snap, live: list[Concept], found: list[int], limit: int, **filters) -> list[int]:
    """Documents with any of the (not very common) concepts, not already found."""
    seen = set(found)
    loose = [c.alternatives for c in loose_concepts(snap, live)]
    return [d for d in snap.match(loose, any_of=True, limit=limit, **filters) if d not in seen]


def _unguessed(snap, live: list[Concept], found: list[int], limit: int, **filters) -> list[int]:
    """Documents with every concept but one that typo correction guessed, not already found;
    each guess left out in turn, their matches taken alternately.

    A word the index lacks is read as the nearest index word, and sometimes it was a real word
    that the answer does not use: "webhok status blank" at 10k read "blank" as "bank", and 27
    bank-feed scenarios matched every concept while the webhook scenario, "Webhook Status Not
    Configured", had no candidate's place. Asked only when the conjunction found fewer than
    the rerank takes, so a large conjunction costs nothing more.
    """
    seen = set(found)
    lists = [
        snap.match(
            [c.alternatives for c in live if c is not concept],
            limit=limit,
            best_first=True,  # taken alternately, then cut
            **filters,
        )
        for concept in live
        if concept.guessed
    ]
    out = []
    for row in zip_longest(*lists):
        for d in row:
            if d is not None and d not in seen:
                seen.add(d)
                out.append(d)
    return out[: max(0, limit - len(found))]


def _preferred(snap, live: list[Concept], limit: int, prefer, articles) -> list[int]:
    """Candidates in the searcher's own products (or those the query names), found the way
    run() finds the rest: among thousands of matches of common words, a product's few would
    seldom be ranked in."""
    filters = {"systems": tuple(prefer), "articles": tuple(articles)}
    found = snap.match([c.alternatives for c in live], limit=tuning.PREFER_CANDIDATES, **filters)
    if len(found) < limit and len(live) > 1:
        found += _looser(snap, live, found, tuning.PREFER_CANDIDATES, **filters)
    return found


def gather(snap, live: list[Concept], *, limit: int, systems, articles, boosted: frozenset):
    """(candidate docnums, total, groups) for the live concepts; total and groups are None when
    the conjunction found fewer than asked for (the caller counts the decoded candidates then).
    `boosted`: the system slugs whose scenarios also get candidates of their own.

    Conjunctive first: documents with every concept; when there are CANDIDATES of them,
    they are what total and facets count. Only when fewer match do looser ones join (see
    MIN_CANDIDATES), and then the total counts every candidate (on a large index the
    conjunction is also far cheaper)."""
    filters = {"systems": tuple(systems), "articles": tuple(articles)}
    wanted = max(tuning.CANDIDATES, limit)
    alternatives = [c.alternatives for c in live]
    candidates = snap.match(alternatives, limit=wanted, **filters)
    total = groups = None
    if len(candidates) >= wanted:
        total, groups = snap.facets(alternatives, **filters)
    else:
        if len(live) > 1:
            candidates += _unguessed(snap, live, candidates, wanted, **filters)
        if len(candidates) < limit and len(live) > 1:
            candidates += _looser(snap, live, candidates, wanted, **filters)
        elif len(candidates) < tuning.MIN_CANDIDATES and len(live) > 1:
            more = _looser(snap, live, candidates, tuning.MIN_CANDIDATES, **filters)
            candidates += more[: tuning.MIN_CANDIDATES - len(candidates)]
    if boosted:
        seen = set(candidates)
        found = _preferred(snap, live, limit, boosted, articles)
        candidates += [d for d in found if d not in seen]
    return candidates, total, groups
