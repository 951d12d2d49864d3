"""Candidate documents decoded once per snapshot, and their terms as the rerank reads them."""

from collections import Counter
from collections.abc import Sequence
from itertools import islice

from . import tuning
from .engines.base import group_counts
from .tuning import FIELD_COVERAGE, FIELD_LENGTHS, TEXT_FIELDS


# A document's analysed terms per field (tuples as decoded for the rerank; lists elsewhere).
Fields = dict[str, Sequence[str]]


def term_fields(
    fields: Fields, wanted: frozenset | None = None, counts: dict | None = None
) -> dict[str, dict[str, int]]:
    """term -> {field: times it occurs there}, over the weighted fields; only the `wanted`
    terms when given (a query's: the rerank asks about nothing else, and counting a handful of
    terms is a fraction of counting every term of a document). `counts`: field -> term ->
    times, already counted for the long fields (see LONG_FIELD)."""
    where: dict[str, dict[str, int]] = {}
    for name in TEXT_FIELDS:
        seq = fields.get(name)
        if not seq:
            continue
        if wanted is None:
            pairs = Counter(seq).items()
        elif counts and name in counts:  # a few lookups instead of a pass over the whole field
            counted = counts[name]
            pairs = [(term, counted[term]) for term in counted.keys() & wanted]
        else:
            pairs = [(term, seq.count(term)) for term in wanted.intersection(seq)]
        for term, n in pairs:
            found = where.get(term)
            if found is None:
                where[term] = {name: n}
            else:
                found[name] = n
    return where


def field_units(fields: Fields) -> dict[str, float]:
    """Each field's boost over its length norm (BM25F): what one occurrence there is worth."""
    return {
        name: boost / (1 - tuning.BM25_B + tuning.BM25_B * len(fields[name]) / FIELD_LENGTHS[name])
        for name, boost in TEXT_FIELDS.items()
        if fields.get(name)
    }


class DocTerms:
    """A candidate's terms as the rerank reads them for one query: where each occurs (`where`,
    from term_fields; only the query's terms, `wanted`, when given), each field's boost over its
    length norm (`per_unit`, from field_units, when already made), and, per term asked about,
    its boosted, length-normalised count over all fields and the best coverage among them."""

    __slots__ = ("fields", "where", "per_unit", "wanted", "_single", "_positions", "_found_in")

    def __init__(self, fields: Fields, wanted=None, per_unit=None, counts=None):
        self.fields = fields
        self.wanted = wanted
        self._positions: dict[str, dict[str, list[int]]] = {}
        self.where = term_fields(fields, wanted, counts)
        self.per_unit = field_units(fields) if per_unit is None else per_unit
        self._single: dict[str, tuple[float, float]] = {}
        self._found_in: dict[frozenset, set[str]] = {}

    def fields_of(self, terms: frozenset) -> set[str]:
        """The fields holding any of `terms` (asked of each concept by the window, the run and
        the pair bonus alike, so remembered for one query's terms). Not to be changed by the
        caller."""
        if self.wanted is None:
            # Every term's: kept with a small index's document for every query (see
            # FULL_TERMS_DOCS), so only what is bounded by the document's own words is
            # remembered (`_single`, `_positions`), not the query's concepts.
            return _fields_of(self.where, terms)
        memo = self._found_in
        found = memo.get(terms)
        if found is None:
            found = memo[terms] = _fields_of(self.where, terms)
        return found

    def single(self, term: str) -> tuple[float, float]:
        found = self._single.get(term)
        if found is None:
            in_fields = self.where.get(term)
            if not in_fields:
                return (0.0, 0.0)  # not remembered: only the document's own words are
            per_unit = self.per_unit
            tf = cover = 0.0
            for name, n in in_fields.items():  # a loop: generators cost more, per term
                tf += n * per_unit[name]
                if FIELD_COVERAGE[name] > cover:
                    cover = FIELD_COVERAGE[name]
            found = self._single[term] = (tf, cover)
        return found

    def positions(self, name: str) -> dict[str, list[int]]:
        """term -> where it occurs in one field (the wanted terms only, when given), made on
        first use."""
        found = self._positions.get(name)
        if found is None:
            found = {}
            wanted = self.wanted
            for i, term in enumerate(self.fields.get(name, ())):
                if wanted is None or term in wanted:
                    found.setdefault(term, []).append(i)
            self._positions[name] = found  # whole: another thread may read it at once
        return found


def _fields_of(where: dict, terms: frozenset) -> set[str]:
    found: set[str] = set()
    for t in terms:
        in_fields = where.get(t)
        if in_fields:
            found.update(in_fields)
    return found


DOC_MEMO_SIZE = 3000  # candidates kept decoded per snapshot (about 10 KB each: 29 MB when full)

# Up to this many scenarios in the index, each decoded document also keeps a DocTerms of every
# term, made once: a query's rerank then looks its terms up instead of finding them in each
# candidate again (a third of a seed-only search's rerank). Larger indexes find them per query:
# every term of a document takes several times the memory of the document itself.
FULL_TERMS_DOCS = 300

_DOCS = "prepared documents"  # their key in the snapshot's memo

# A field longer than this many terms (the steps, nearly always) keeps its term counts with the
# decoded document: finding a query's few terms among them is a few lookups, not a pass over
# the field. No new strings: 2 MB with the memo full at 10,000 scenarios.
LONG_FIELD = 32


def _prepared(snap, docnums) -> dict[int, tuple]:
    """docnum -> (stored document, its terms split per field, field_units, term counts of its
    long fields, a DocTerms of every term or None: see FULL_TERMS_DOCS), remembered on the
    snapshot: a scenario that matches common words is a candidate for many searches, and
    decoding its terms again was a fifth of the rerank. A document removed since it matched is
    left out."""
    memo = snap.memo.get(_DOCS)
    if memo is None:
        memo = snap.memo[_DOCS] = {}
    found = {d: memo.pop(d, None) for d in docnums}  # read once: another thread may evict
    for docnum, entry in found.items():
        if entry is not None:
            memo[docnum] = entry  # to the end: the memo drops the least recently used first
    missing = [d for d, entry in found.items() if entry is None]
    if missing:
        _evict(memo, len(memo) + len(missing) - DOC_MEMO_SIZE)
        small = snap.doc_count() <= FULL_TERMS_DOCS
        for docnum, doc in snap.stored_many(missing).items():
            # Tuples: a tuple of strings drops out of the garbage collector's passes, a list
            # stays in them, and the memo holds thousands of these for the process's life.
            fields = {name: tuple(seq.split()) for name, seq in doc["terms"].items()}
            counts = {name: Counter(seq) for name, seq in fields.items() if len(seq) > LONG_FIELD}
            per_unit = field_units(fields)
            every = DocTerms(fields, None, per_unit) if small else None
            found[docnum] = memo[docnum] = (doc, fields, per_unit, counts, every)
    return {d: entry for d, entry in found.items() if entry is not None}


def _evict(memo: dict, n: int) -> None:
    """Drop the n least recently used entries. A few at a time, as a search needs room: emptying
    a full memo at once freed 3,000 documents inside one search (20-30 ms at 10k)."""
    if n > 0:
        for key in list(islice(memo, n)):
            memo.pop(key, None)


def facets_of_prepared(prepared: dict[int, tuple]) -> tuple[int, dict]:
    """The total, and documents per system and per article, of documents already decoded:
    for a short list of candidates, cheaper than asking the index again (snap.facets)."""
    docs = (entry[0] for entry in prepared.values())
    return group_counts(((doc["article_slug"], doc["display"]["system_slugs"]), 1) for doc in docs)
