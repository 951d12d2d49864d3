"""A query plan's ranked documents: candidates gathered, scored, boosted and sorted."""

from . import learned, tuning
from .candidates import gather
from .doc_cache import DocTerms, _prepared, facets_of_prepared
from .labels import articles_about
from .plan import Plan
from .scoring import Ranked, _idf, coverage_shares, rerank_score


def run(snap, p: Plan, *, limit: int, systems=(), articles=(), prefer=(), head: int = 0):
    """Ranked documents (`limit` of them, or `head` when more), the number of matches, and
    facet counts (system/article slug -> n).
    `prefer`: the searcher's products (system slugs); their scenarios count
    PREFER_BOOST times as much, unless the query names a product: then its scenarios
    count NAMED_BOOST times instead (either is moot when `systems` filters)."""
    live = [c for c in p.concepts if c.known]
    if not live:
        return [], 0, {"systems": {}, "articles": {}}
    named = p.named if not systems else frozenset()
    # A product the query names is what this search is about, whatever the visitor chose before:
    # "contact not syncing to legal accounting" from someone who chose Practice Management.
    overridden = systems or (named and tuning.NAMES_OVERRIDE_PREFER)
    prefer = frozenset(prefer) if not overridden else frozenset()
    candidates, total, groups = gather(
        snap, live, limit=limit, systems=systems, articles=articles, boosted=prefer | named
    )
    about = articles_about(named) if named else frozenset()

    total_docs = max(snap.doc_count(), 1)
    weights = [_idf(snap, c, total_docs) for c in live]
    idf = {t: w for c, w in zip(live, weights, strict=True) for t in c.terms}
    p.weighted_bigrams = [
        ((a, b), (max(idf.get(t, 0) for t in a) + max(idf.get(t, 0) for t in b)) / 2)
        for a, b in p.bigrams
    ]
    prepared = _prepared(snap, candidates)
    if total is None:
        # These are every match (and the looser ones): counting the documents the rerank
        # decodes anyway is cheaper than asking the index again.
        total, groups = facets_of_prepared(prepared)
    ranked = _scored(p, live, weights, prepared, prefer, named, about)
    learned.boost(p.text, ranked)  # outcomes visitors confirmed for these words
    # A product the query names keeps its results together, first; the others follow apart
    # ("In other products"), however close their scores.
    apart = bool(named) and tuning.NAMED_FIRST
    ranked.sort(key=lambda r: (apart and not r.named, -r.score, r.fields["slug"]))
    return ranked[: max(limit, head)], total, groups


def in_named(doc: dict, named: frozenset, about: frozenset) -> bool:
    """Whether a scenario belongs to a product the query names: its own systems, or an article
    about that product (the TR article's Exterro-side scenarios stay with Legal Tracker)."""
    return doc["article_slug"] in about or not named.isdisjoint(doc["display"]["system_slugs"])


def _scored(p: Plan, live, weights, prepared, prefer, named, about) -> list[Ranked]:
    """Each decoded candidate's rerank score, times the boosts of the searcher's own products
    and of the products the query names."""
    wanted = frozenset().union(*(c.terms for c in live))
    shares = coverage_shares(weights)
    ranked = []
    for docnum, (doc, fields, per_unit, counts, every) in prepared.items():
        terms = every if every is not None else DocTerms(fields, wanted, per_unit, counts)
        score = rerank_score(p, live, weights, fields, terms, shares)
        if prefer and not prefer.isdisjoint(doc["display"]["system_slugs"]):
            score *= tuning.PREFER_BOOST
        member = bool(named) and in_named(doc, named, about)
        if member:
            score *= tuning.NAMED_BOOST
        ranked.append(Ranked(docnum, score, doc, member))
    return ranked
