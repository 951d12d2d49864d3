"""Whoosh (pure Python): the default engine up to 20,000 scenarios (KB_SEARCH_AUTO_WHOOSH_MAX).

whoosh-reloaded 2.7.5's `Searcher.refresh()` shows deleted documents after a commit, so a
changed index always gets a brand-new searcher (`up_to_date()` tells the reader when), and a
writer always waits for the lock (`timeout`) instead of failing at once. Its top-N collector
skips postings by block and leaves out documents that score higher than the last one it keeps:
up to SMALL_INDEX_DOCS, matches are ranked here instead (`Snapshot._ranked`), by its own BM25F.
"""

import heapq
import pickle
import struct
import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import TermNotFound

from kb import conf

from ..analysis import terms_analyzer
from .base import facet_groups, match_sets

NAME = "whoosh"
TOC_SUFFIX = ".toc"
# An index of at most this many documents is searched from postings read once per snapshot and
# kept (the documents of each term asked for, and its weight in each): matches, facets and the
# BM25F ranking of many matches are made from them, and the word counts are read whole:
# Whoosh's own query matchers, term look-ups, facet counts and ranking, in pure Python, were
# most of a search. Past it, each search asks Whoosh: its postings would not fit a worker.
SMALL_INDEX_DOCS = 20_000
# At most this many postings kept per snapshot, over all terms (a body term's count twice: its
# documents and its weights; about 50 MB when full): a common word at 10,000 scenarios holds
# 5,000 documents. Past it, the kept postings are let go and read again as searches ask.
POSTINGS_BUDGET = 800_000
# At most this many terms remembered per snapshot as held, or not, by a live document.
LIVE_TERMS_MEMO_SIZE = 50_000

# What damaged index files raise when read (a truncated or overwritten segment, a vanished
# directory). Anything else is a bug and must not be hidden behind a rebuild.
DAMAGE_ERRORS = (
    OSError,
    EOFError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    whoosh_index.IndexError,
)


def build_schema() -> Schema:
    return Schema(
        # The database id: change-feed rows name scenarios by id, also after they are deleted.
        sid=ID(unique=True, stored=True),
        # Unique too, so a renamed scenario's old document goes when the new one is written.
        slug=ID(unique=True, stored=True),
        # Already analysed text (kb.search.analysis): the index only splits on spaces.
        body=TEXT(analyzer=terms_analyzer(), phrase=False),
        # Every word unstemmed, for typo correction and "did you mean".
        words=TEXT(analyzer=terms_analyzer(), phrase=False),
        # Filters.
        systems=KEYWORD(commas=True, scorable=False),
        article_slug=ID(stored=True),
        # "article|system,system" as a column: facet counts read it for every match, far
        # cheaper than stored fields or Whoosh's grouping collectors.
        facet=ID(sortable=True),
        # What a result shows, so answering a search needs no database query.
        display=STORED(),
        # The analysed terms of each field, for the rerank.
        terms=STORED(),
    )


def owns(gen: Path) -> bool:
    return any(gen.glob(f"*{TOC_SUFFIX}"))


def build(gen: Path, documents: Iterable[dict], procs: int = 1) -> int:
    ix = whoosh_index.create_in(str(gen), build_schema())
    kwargs = {"limitmb": 256}
    if procs > 1:
        kwargs.update(procs=procs, multisegment=True)
    writer = ix.writer(**kwargs)
    count = 0
    for doc in documents:
        writer.add_document(**doc)
        count += 1
    writer.commit()
    return count


def readable(gen: Path) -> bool:
    try:
        whoosh_index.open_dir(str(gen)).doc_count()
        return True
    except Exception:  # any damage to the files means: rebuild
        return False


def apply(gen: Path, docs: dict[int, dict | None]) -> None:
    ix = FileStorage(str(gen)).open_index()
    writer = ix.writer(timeout=conf.index_write_timeout())
    try:
        for sid, doc in sorted(docs.items()):
            if doc is None:
                writer.delete_by_term("sid", str(sid))
            else:
                writer.update_document(**doc)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def open(gen: Path) -> "Snapshot":  # noqa: A001 - the engine interface's name
    return Snapshot(FileStorage(str(gen)).open_index())


def _sequence_query(seq: tuple[str, ...], weight: float):
    if len(seq) == 1:
        return wq.Term("body", seq[0], boost=weight)
    # All words present, not a positional phrase: phrase matching costs too much on a large
    # index, and the rerank rewards words found side by side anyway.
    return wq.And([wq.Term("body", t) for t in seq], boost=weight)


def _concept_query(alternatives):
    parts = [_sequence_query(seq, weight) for seq, weight in alternatives]
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def _filter_query(systems=(), articles=()):
    parts = []
    if systems:
        parts.append(wq.Or([wq.Term("systems", s) for s in systems]))
    if articles:
        parts.append(wq.Or([wq.Term("article_slug", a) for a in articles]))
    return wq.And(parts) if parts else None


def _combined(concepts, any_of: bool):
    queries = [_concept_query(c) for c in concepts]
    if len(queries) == 1:
        return queries[0]
    return wq.Or(queries) if any_of else wq.And(queries)


class Snapshot:
    def __init__(self, ix):
        self.ix = ix
        self.searcher = ix.searcher()
        self.reader = self.searcher.reader()
        self.memo: dict = {}
        self._facet_column = None
        self._small = self.reader.doc_count_all() <= SMALL_INDEX_DOCS
        # (field, term) -> (its documents, its weight per document: body terms only)
        self._postings: dict[tuple[str, str], tuple[frozenset, dict | None]] = {}
        self._postings_kept = 0  # postings in _postings (approximate under threads)
        self._norms: list[float] | None = None
        self._counts: dict[str, dict[str, int]] = {}
        # Segments that still hold deleted documents, and which terms they leave without a
        # live one: Whoosh keeps a deleted document's terms until its segment is merged.
        self._deleting = [leaf for leaf, _ in self.reader.leaf_readers() if leaf.has_deletions()]
        self._live_terms: dict[tuple[str, str], bool] = {}

    def doc_count(self) -> int:
        return self.reader.doc_count()

    def frequency(self, field: str, term: str) -> int:
        """Documents holding the term, 0 when none of them is live (a term only a deleted
        document held: an edited-out word, an unpublished article's). A live term's count may
        still include deleted documents, as Whoosh's own idf does."""
        if self._small:
            counts = self._counts.get(field)
            if counts is None:
                counts = self._counts[field] = self._field_counts(field)
            n = counts.get(term, 0)
        else:
            n = self.reader.doc_frequency(field, term)
        return n if n and self._live(field, term) else 0

    def _live(self, field: str, term: str) -> bool:
        """True when a live document holds the term (known to be in the index)."""
        if not self._deleting:
            return True
        key = (field, term)
        live = self._live_terms.get(key)
        if live is None:
            if len(self._live_terms) >= LIVE_TERMS_MEMO_SIZE:
                self._live_terms.clear()
            live = self._live_terms[key] = self._held_live(field, term)
        return live

    def _held_live(self, field: str, term: str) -> bool:
        for leaf, _offset in self.reader.leaf_readers():
            if (field, term) not in leaf:
                continue
            # A segment without deletions holds the term for a live document; another one's
            # postings leave its deleted documents out, and are read up to the first live one.
            if not leaf.has_deletions() or leaf.postings(field, term).is_active():
                return True
        return False

    def _field_counts(self, field: str) -> dict[str, int]:
        """Every term of `field` with its document count, as doc_frequency() gives it (a small
        index: read once per snapshot). A term the index lacks then costs a dict lookup, not a
        trip into the term table: most typed queries hold one (a typo, a number, a name)."""
        counts: Counter = Counter()
        from_bytes = self.reader.schema[field].from_bytes
        for leaf, _offset in self.reader.leaf_readers():
            for text, info in leaf.iter_field(field):
                counts[from_bytes(text)] += info.doc_frequency()
        return dict(counts)

    def _held(self, field: str, term: str) -> tuple[frozenset, dict | None]:
        """(the documents holding `term` in `field`, and for the body its weight in each), read
        from Whoosh once per snapshot (a small index). A segment's postings leave out the
        documents deleted in it."""
        key = (field, term)
        found = self._postings.get(key)
        if found is None:
            weights = None
            try:
                postings = self.reader.postings(field, term)
                if field == "body":
                    weights = dict(postings.items_as("weight"))
                    docs = frozenset(weights)
                else:
                    docs = frozenset(postings.all_ids())
            except TermNotFound:
                docs, weights = frozenset(), ({} if field == "body" else None)
            found = (docs, weights)
            size = len(docs) * (1 if weights is None else 2)
            if self._postings_kept + size > POSTINGS_BUDGET:
                self._postings.clear()
                self._postings_kept = 0
            self._postings[key] = found
            self._postings_kept += size
        return found

    def _docs(self, field: str, term: str) -> frozenset:
        return self._held(field, term)[0]

    def _ranked(self, concepts, found: list[int], limit: int) -> list[int]:
        """The best `limit` of `found` (every match of `concepts`) as Whoosh's searcher ranks
        them, BM25F over the body, from the postings held. Whoosh's own collector walks every
        posting of every term and, skipping blocks it judges unable to compete, sometimes
        leaves out a document that scores higher than the last it keeps; this scores each match
        once, exactly."""
        bm25f = self.searcher.weighting  # scoring.BM25F: what Whoosh's searcher ranks with
        norms = self._norms
        if norms is None:
            avgfl = self.searcher.avg_field_length("body") or 1
            dfl = self.reader.doc_field_length
            b = bm25f._field_B.get("body", bm25f.B)
            norms = self._norms = [
                bm25f.K1 * ((1 - b) + b * dfl(d, "body", 1) / avgfl)
                for d in range(self.reader.doc_count_all())
            ]
        idf = self.searcher.idf
        k1 = bm25f.K1 + 1
        scores = dict.fromkeys(found, 0.0)
        for alternatives in concepts:
            for seq, boost in alternatives:
                held = [(self._held("body", t)[1], idf("body", t)) for t in seq]
                docs = scores.keys() & held[0][0].keys()
                for weights, _ in held[1:]:
                    docs &= weights.keys()
                for d in docs:
                    score = 0.0
                    for weights, i in held:
                        tf = weights[d]
                        score += i * (tf * k1 / (tf + norms[d]))
                    scores[d] += boost * score
        # Best first; equal scores in document order, as Whoosh's collector keeps them.
        return heapq.nsmallest(limit, scores, key=lambda d: (-scores[d], d))

    def _matching(self, concepts, any_of, systems, articles) -> list[int]:
        filters = [
            set().union(*(self._docs(field, v) for v in values))
            for field, values in (("systems", systems), ("article_slug", articles))
            if values
        ]
        return match_sets(lambda term: self._docs("body", term), concepts, any_of, filters)

    def terms_within(self, field: str, word: str, maxdist: int):
        found = self.reader.terms_within(field, word, maxdist, prefix=1)
        return [term for term in found if self._live(field, term)]

    def expand_prefix(self, field: str, prefix: str):
        for term in self.reader.expand_prefix(field, prefix):
            term = term.decode() if isinstance(term, bytes) else term
            if self._live(field, term):
                yield term

    def match(
        self, concepts, *, any_of=False, limit=10, systems=(), articles=(), best_first=False
    ) -> list[int]:
        if self._small:
            found = self._matching(concepts, any_of, systems, articles)
            if len(found) <= limit and not best_first:
                return found  # every match is wanted, so in no order: the rerank orders them
            return self._ranked(concepts, found, limit)
        hits = self.searcher.search(
            _combined(concepts, any_of), limit=limit, filter=_filter_query(systems, articles)
        )
        return [hit.docnum for hit in hits]

    def facets(self, concepts, *, systems=(), articles=()) -> tuple[int, dict]:
        if self._small:
            return self._facets_of(self._matching(concepts, False, systems, articles))
        docs = _combined(concepts, False).docs(self.searcher)
        flt = _filter_query(systems, articles)
        if flt is not None:
            docs = set(docs) & set(flt.docs(self.searcher))
        return self._facets_of(docs)

    def _facets_of(self, docnums) -> tuple[int, dict]:
        if self._facet_column is None:
            # The facet column of every document, read once per snapshot.
            reader = self.reader
            column = reader.column_reader("facet") if reader.has_column("facet") else None
            self._facet_column = list(column) if column is not None else []
        values = self._facet_column
        return facet_groups(Counter(values[d] for d in docnums))

    def all_stored(self):
        return self.searcher.all_stored_fields()

    def up_to_date(self) -> bool:
        return self.searcher.up_to_date()

    def stored_many(self, docnums) -> dict[int, dict]:
        return {d: self.searcher.stored_fields(d) for d in docnums}
