"""What a search reads from the SQLite engine's index: one Snapshot per index state, with a
connection per thread (and per process: never one opened before a fork), term counts and, on a
small index, postings held in memory; candidate matching in tiers (`match`)."""

import os
import sqlite3
import threading
from pathlib import Path

import orjson

from .. import tuning
from .sqlite_expressions import (
    FACET_TOKENS,
    bound,
    concept_expression,
    filtered,
    match_expression,
    matching,
    phrase_expression,
)
from .sqlite_facets import FacetCounts

FREQUENCY_MEMO_SIZE = 50_000
# An index of up to this many documents keeps its term counts in memory (a few thousand terms,
# read once per snapshot in milliseconds): a word the index lacks, as in most new queries, then
# costs a dictionary lookup instead of a query. Larger ones look each term up, and remember it.
VOCAB_IN_MEMORY_DOCS = 20_000
# An index of up to this many documents keeps its postings in memory too (about 50 per document,
# read once per snapshot: 2 ms for the seed content), and matches that want every document
# found are answered from them: an FTS5 query was a tenth of a search on a small index.
POSTINGS_IN_MEMORY_DOCS = 300


def _stored(row) -> dict:
    sid, slug, article_slug, display, terms = row
    return {
        "sid": str(sid),
        "slug": slug,
        "article_slug": article_slug,
        "display": orjson.loads(display),
        "terms": orjson.loads(terms),
    }


STORED_COLUMNS = "id, slug, article_slug, display, terms"
_INHERITED: list = []  # connections a forked process inherited: kept, so never closed there


class Snapshot(FacetCounts):
    def __init__(self, path: Path):
        self.path = path
        self.memo: dict = {}
        self._local = threading.local()
        self._vocab: dict = {}
        self._frequencies: dict = {}  # a snapshot's counts never change
        self._counts: dict = {}  # field -> every term's count, or None (too many to keep)
        self._postings: tuple | None = None  # (term -> docs, facet token -> docs), or ()
        self.changes = self._changes()
        self._doc_count = None

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None and self._local.pid != os.getpid():
            # Opened before a fork (gunicorn --preload): an SQLite connection must not cross
            # one. The child leaves the parent's alone (never used nor closed), opens its own.
            _INHERITED.append(conn)
            conn = None
        if conn is None:
            if not self.path.exists():
                raise FileNotFoundError(self.path)
            conn = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False)
            conn.execute("PRAGMA query_only = 1")
            conn.execute("PRAGMA cache_size = -16000")  # 16 MB per connection
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def _changes(self) -> str:
        rows = self._rows("SELECT value FROM meta WHERE key = 'changes'")
        if not rows:
            raise sqlite3.DatabaseError("not a search index: no change counter")
        return rows[0][0]

    def doc_count(self) -> int:
        if self._doc_count is None:
            self._doc_count = self._rows("SELECT count(*) FROM docs")[0][0]
        return self._doc_count

    def frequency(self, field: str, term: str) -> int:
        counts = self._all_counts(field)
        if counts is not None:
            return counts.get(term, 0)
        key = (field, term)
        found = self._frequencies.get(key)
        if found is None:
            if len(self._frequencies) >= FREQUENCY_MEMO_SIZE:
                self._frequencies.clear()
            rows = self._rows(f"SELECT doc FROM {_vocab_table(field)} WHERE term = ?", term)
            found = self._frequencies[key] = rows[0][0] if rows else 0
        return found

    def _all_counts(self, field: str) -> dict[str, int] | None:
        try:
            return self._counts[field]
        except KeyError:
            table = _vocab_table(field)
            counts = None
            if self.doc_count() <= VOCAB_IN_MEMORY_DOCS:
                counts = dict(self._rows(f"SELECT term, doc FROM {table}"))
            self._counts[field] = counts
            return counts

    def _all_postings(self) -> tuple:
        if self._postings is None:
            postings = ()
            if self.doc_count() <= POSTINGS_IN_MEMORY_DOCS:
                postings = self._read_postings()
            self._postings = postings
        return self._postings

    def _read_postings(self) -> tuple[dict, dict]:
        """Term -> documents, over every column, and facet token -> documents, over the facets
        column only (what `{facets}: ...` filters on)."""
        conn = self._conn()
        # fts5vocab's per-instance view exists only when asked for, in this connection's own
        # temporary schema, which a read-only connection cannot create: allowed for that.
        conn.execute("PRAGMA query_only = 0")
        try:
            conn.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instance "
                "USING fts5vocab(main, fts, instance)"
            )
        finally:
            conn.execute("PRAGMA query_only = 1")
        terms: dict[str, set] = {}
        facets: dict[str, set] = {}
        for term, doc, column in conn.execute("SELECT term, doc, col FROM temp.fts_instance"):
            terms.setdefault(term, set()).add(doc)
            if column == "facets":
                facets.setdefault(term, set()).add(doc)
        return terms, facets

    def _terms_from(self, field: str, first: str) -> list[str]:
        key = (field, first)
        terms = self._vocab.get(key)
        if terms is None:
            terms = self._vocab[key] = list(self.expand_prefix(field, first))
        return terms

    def terms_within(self, field: str, word: str, maxdist: int):
        if not word:
            return []
        size = len(word)
        return [
            t
            for t in self._terms_from(field, word[0])
            if abs(len(t) - size) <= maxdist and not t.startswith(FACET_TOKENS)
        ]

    def expand_prefix(self, field: str, prefix: str):
        table = _vocab_table(field)
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else "\U0010ffff"
        rows = self._rows(f"SELECT term FROM {table} WHERE term >= ? AND term < ?", prefix, upper)
        return [term for (term,) in rows]

    def _rows(self, sql: str, *params) -> list:
        return self._conn().execute(sql, params).fetchall()

    def _window(self, expression: str, cap: int) -> int | None:
        """The lowest rowid among the newest `cap` matches, when there are more than `cap`."""
        row = self._rows(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            expression,
            cap,
        )
        return row[0][0] if row else None

    def _score_cap(self) -> int:
        share = int(self.doc_count() * tuning.SCORE_CAP_SHARE)
        return min(tuning.SCORE_CAP_MAX, max(tuning.SCORE_CAP, share))

    def _sizes(self, concepts) -> list[int]:
        """At most how many documents hold each concept, from the term counts alone (no posting
        read): as many as its alternatives' rarest terms together."""
        return [
            sum(min(self.frequency("body", t) for t in seq) for seq, _ in alternatives)
            for alternatives in concepts
        ]

    def _ranked(self, expression: str, limit: int, windowed: bool, floor=None) -> list[int]:
        """The best `limit` matches by bm25, among the newest `cap` when `windowed` (`floor`:
        that window's lowest rowid, when already known)."""
        if windowed and floor is None:
            floor = self._window(expression, self._score_cap())
        return [
            docnum
            for (docnum,) in self._rows(
                "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid > ? "
                f"ORDER BY bm25(fts, {tuning.HEAD_WEIGHT}, 1.0, 0.0), rowid LIMIT ?",
                expression,
                -1 if floor is None else floor,
                limit,
            )
        ]

    def _few(self, expression: str, most: int) -> list[int] | None:
        """Every match, unranked, when there are at most `most` (None when there are more).
        Each tier of match() asks this first: a tier this small goes in whole, in any order, so
        bm25 is not asked, and bm25 first counts the documents of every term it ranks by, a
        pass over each one's postings (ranking a few matches costs several times finding them)."""
        rows = self._rows("SELECT rowid FROM fts WHERE fts MATCH ? LIMIT ?", expression, most + 1)
        return [d for (d,) in rows] if len(rows) <= most else None

    def match(
        self, concepts, *, any_of=False, limit=10, systems=(), articles=(), best_first=False
    ) -> list[int]:
        """Documents with every concept in their title and symptom first, then anywhere. When
        the term counts show that all of them are wanted, they are returned unranked, and so is
        each tier taken whole, unless `best_first` (a caller that keeps only the first few)."""
        # A small index: every match at once, from memory. When they are no more than the
        # limit, all of them are wanted, so in no order (the rerank orders them).
        postings = self._all_postings()
        found = matching(postings, concepts, any_of, systems, articles) if postings else None
        if found is not None and len(found) <= limit and not best_first:
            return found
        sizes = self._sizes(concepts)
        most = bound(sizes, any_of)
        if most <= limit:
            if found is not None:
                return found
            # No more than the limit match, so this finds them all.
            return self._few(filtered(match_expression(concepts, any_of), systems, articles), limit)
        expression = match_expression(concepts, any_of)
        cap = self._score_cap()
        tiers = _tiers(concepts, sizes, expression, most, cap, any_of)
        # A window costs a pass over a tier's matches (all of them when fewer than the cap), and
        # the term counts often overestimate. Every tier lies within the widest expression, so
        # when that has no more than the cap, no tier needs one: one pass instead of up to four.
        # When it has more, the pass is one extra.
        widest = filtered(expression, systems, articles)
        floor = self._window(widest, cap) if most > cap else None
        if floor is None and not best_first:
            # Every tier lies within the widest expression: when that has no more matches than
            # the limit, they are the candidates, whatever the tiers would rank first.
            everything = self._few(widest, limit)
            if everything is not None:
                return everything
        found = []
        if not any_of and sum(len(c[0][0]) for c in concepts) >= tuning.PHRASE_MIN_TERMS:
            phrase = filtered(phrase_expression(concepts), systems, articles)
            found = self._quoting(phrase, int(limit * tuning.PHRASE_SHARE), floor, best_first)
        tiers = [(filtered(tier, systems, articles), most_in_tier, share)
                 for tier, most_in_tier, share in tiers]  # fmt: skip
        return self._fill(tiers, found, limit + len(found), widest, floor, cap, best_first)

    def _quoting(self, phrase: str, take: int, floor, best_first: bool) -> list[int]:
        """First, on top of the limit: documents quoting the query word for word, which the
        rerank rewards (tuning.RUN_BOOST); among thousands of matches of its words, a quote
        found in an old document's step would never be ranked high enough by bm25."""
        found = None if best_first else self._few(phrase, take)
        if found is None:
            found = self._ranked(phrase, take, floor is not None)
        return found

    def _fill(self, tiers, found, limit, widest, floor, cap, best_first) -> list[int]:
        """`found`, then each tier's best matches, up to the limit."""
        # Each tier holds the one before it: once one has more matches than the limit, so do
        # the rest, and they are ranked without first looking for a few (the widest has more).
        many = best_first
        for tier, tier_bound, share in tiers:
            seen = set(found)
            take = int(limit * share)
            few = None if many or tier == widest else self._few(tier, limit)
            many = few is None
            new = None if many else [d for d in few if d not in seen]
            if new is None or len(new) > take or len(found) + len(new) > limit:
                # Not all of them go in: which do is bm25's to say.
                in_window = floor is not None and tier_bound > cap
                ranked = self._ranked(tier, limit, in_window, floor if tier == widest else None)
                new = [d for d in ranked if d not in seen][:take]
            found += new
            if len(found) >= limit:
                break
        return found[:limit]

    def stored_many(self, docnums) -> dict[int, dict]:
        docnums = list(docnums)
        if not docnums:
            return {}
        rows = self._conn().execute(
            f"SELECT {STORED_COLUMNS} FROM docs WHERE id IN ({','.join('?' * len(docnums))})",
            docnums,
        )
        return {row[0]: _stored(row) for row in rows}

    def all_stored(self):
        for row in self._conn().execute(f"SELECT {STORED_COLUMNS} FROM docs ORDER BY id"):
            yield _stored(row)

    def up_to_date(self) -> bool:
        return self._changes() == self.changes


def _tiers(concepts, sizes, expression: str, most: int, cap: int, any_of: bool) -> list[tuple]:
    """The tiers candidates are taken from, in order: (FTS5 expression, at most how many
    documents it matches, its share of the candidates)."""
    if any_of:
        # The rarest concepts first, as many as the cap ranks in full: a match of the words
        # that tell most is never left out because thousands of newer documents hold a
        # common one (those can only outrank it when it holds no rare word either).
        rare, rare_bound = [], 0
        for size, concept in sorted(zip(sizes, concepts, strict=True), key=lambda x: x[0]):
            if rare_bound + size > cap:
                break
            rare.append(concept)
            rare_bound += size
        tiers = [(expression, most, 1.0)]
        if rare and len(rare) < len(concepts):
            tiers.insert(0, (match_expression(rare, any_of=True), rare_bound, 1.0))
        return tiers
    # Every concept in the title and symptom; then the rarest there and the others anywhere (on
    # a large index that tier fills its share of the candidates, and bm25, which costs per
    # match, never ranks the thousands that have every word somewhere); then anywhere, which
    # fills the rest (RAREST_HEAD_SHARE).
    tiers = [(f"{{head}}: ({expression})", most, 1.0), (expression, most, 1.0)]
    if len(concepts) > 1:
        rarest = concepts[sizes.index(min(sizes))]
        head_rarest = f"({{head}}: {concept_expression(rarest)}) AND ({expression})"
        tiers.insert(1, (head_rarest, most, tuning.RAREST_HEAD_SHARE))
    return tiers


def _vocab_table(field: str) -> str:
    if field not in ("body", "words"):
        raise ValueError(f"no such field: {field}")
    return f"{field}_vocab"
