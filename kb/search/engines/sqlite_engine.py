"""SQLite FTS5: the engine for large knowledge bases (past 20,000 scenarios under the default,
KB_SEARCH_ENGINE=auto; at any size with KB_SEARCH_ENGINE=sqlite).

FTS5 ships with Python's own sqlite3 module, so it needs nothing installed. It walks postings
and ranks (bm25) in C: several times faster than Whoosh from 10,000 scenarios up, a rebuild
of 100,000 takes seconds, and a worker holds a small page cache instead of the index.

One file per generation, `index.sqlite3`:

    docs(id = scenario id, slug, article_slug, display, terms)   stored fields
    doc_facet(id, facet)   "article|system,system" per document, narrow so that counting it
                   over a thousand matches reads a few pages (twice as fast as from docs)
    fts(head, rest, facets)   FTS5 over the analysed terms (split on spaces only: the analysis
                   is ours): title and symptom, every other field, and the article and
                   system slugs as tokens (filters and system counts without a join)
    fts_words      FTS5 over the unstemmed words, for typo correction and "did you mean"
    *_vocab        fts5vocab tables: term -> documents
    meta           the engine's name, and a counter bumped by every change (snapshot versions)

Searches read in WAL mode, so a change being written never blocks them; every thread has its
own connection.
"""

import os
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import orjson

from kb import conf

from .. import tuning
from .base import facet_groups, match_sets

NAME = "sqlite"
FORMAT = "3"  # bumped when the file's layout changes: an older file is rebuilt
FILE = "index.sqlite3"
BATCH = 2000
# What a damaged index file raises: "file is not a database", "database disk image is
# malformed", a file removed under us.
DAMAGE_ERRORS = (OSError, sqlite3.DatabaseError)
HEADER = b"SQLite format 3\x00"
# Work per search stays bounded however common the words are: at most a cap of matches are
# ranked per tier (tuning.SCORE_CAP) and facets are counted document by document over at most
# FACET_SCAN_MAX matches; past that, systems are still counted exactly from the index and
# articles over the newest FACET_CAP matches.
FACET_CAP = 2000
# Facets are counted in one pass over the matches (a join per match) when the term counts, or
# else a count of the matches, show at most FACET_SCAN_MAX of them; past that, the per-system
# counts (an FTS pass each) cost less. Up to about 8,000 matches the one pass is the cheaper.
FACET_SCAN_MAX = 8000
FREQUENCY_MEMO_SIZE = 50_000
# An index of up to this many documents keeps its term counts in memory (a few thousand terms,
# read once per snapshot in milliseconds): a word the index lacks, as in most new queries, then
# costs a dictionary lookup instead of a query. Larger ones look each term up, and remember it.
VOCAB_IN_MEMORY_DOCS = 20_000
# An index of up to this many documents keeps its postings in memory too (about 50 per document,
# read once per snapshot: 2 ms for the seed content), and matches that want every document
# found are answered from them: an FTS5 query was a tenth of a search on a small index.
POSTINGS_IN_MEMORY_DOCS = 300
SYSTEM_TOKEN = "s_"
ARTICLE_TOKEN = "a_"
FACET_TOKENS = (SYSTEM_TOKEN, ARTICLE_TOKEN)

# Terms are our analyser's output, separated by spaces: the ascii tokenizer with "_" and "-" as
# word characters keeps every one of them, and every slug token, whole (non-ASCII letters are
# word characters to it). detail=full: positions, for phrase matches (the rerank itself finds
# words side by side); the column, for title-and-symptom first.
_TOKENS = "tokenize=\"ascii tokenchars '_-'\""
SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    article_slug TEXT NOT NULL,
    display TEXT NOT NULL,
    terms TEXT NOT NULL
);
CREATE TABLE doc_facet (id INTEGER PRIMARY KEY, facet TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(head, rest, facets, {_TOKENS}, detail=full);
CREATE VIRTUAL TABLE fts_words USING fts5(words, {_TOKENS}, detail=none);
CREATE VIRTUAL TABLE body_vocab USING fts5vocab(fts, 'row');
CREATE VIRTUAL TABLE words_vocab USING fts5vocab(fts_words, 'row');
"""


def _path(gen: Path) -> Path:
    return Path(gen) / FILE


def owns(gen: Path) -> bool:
    return _path(gen).exists()


def _row(doc: dict) -> tuple:
    return (
        int(doc["sid"]),
        doc["slug"],
        doc["article_slug"],
        orjson.dumps(doc["display"]).decode(),
        orjson.dumps(doc["terms"]).decode(),
    )


def _fts_row(doc: dict) -> tuple:
    # `body` is the title and symptom twice, then every field (documents.py): the head once,
    # and the rest after both copies.
    head = doc["terms"]["title"].split() + doc["terms"]["symptom"].split()
    rest = doc["body"].split()[2 * len(head) :]
    facets = [ARTICLE_TOKEN + doc["article_slug"]]
    facets += [SYSTEM_TOKEN + s for s in doc["systems"].split(",") if s]
    return int(doc["sid"]), " ".join(head), " ".join(rest), " ".join(facets)


def _insert(conn, docs: list[dict]) -> None:
    conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", [_row(d) for d in docs])
    conn.executemany(
        "INSERT INTO doc_facet VALUES (?, ?)", [(int(d["sid"]), d["facet"]) for d in docs]
    )
    conn.executemany(
        "INSERT INTO fts (rowid, head, rest, facets) VALUES (?, ?, ?, ?)",
        [_fts_row(d) for d in docs],
    )
    conn.executemany(
        "INSERT INTO fts_words (rowid, words) VALUES (?, ?)",
        [(int(d["sid"]), d["words"]) for d in docs],
    )


def build(gen: Path, documents: Iterable[dict], procs: int = 1) -> int:
    conn = sqlite3.connect(_path(gen), isolation_level=None)
    try:
        # A new file nobody reads yet: no journal until it is complete (it is swapped in after).
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.executescript(SCHEMA)
        conn.execute("BEGIN")
        meta = [("engine", NAME), ("format", FORMAT), ("changes", "0")]
        conn.executemany("INSERT INTO meta VALUES (?, ?)", meta)
        count, batch = 0, []
        for doc in documents:
            batch.append(doc)
            if len(batch) >= BATCH:
                _insert(conn, batch)
                count += len(batch)
                batch = []
        _insert(conn, batch)
        count += len(batch)
        conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        conn.execute("INSERT INTO fts_words (fts_words) VALUES ('optimize')")
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    return count


def _intact(path: Path) -> bool:
    """The file is an SQLite database at least as long as its header says (not truncated)."""
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(HEADER):
        return False
    if header[24:28] != header[92:96]:
        return True  # the size in the header is not maintained: SQLite reads the file's size
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    return path.stat().st_size >= page_size * pages


def readable(gen: Path) -> bool:
    path = _path(gen)
    try:
        if not _intact(path):
            return False
        conn = sqlite3.connect(path)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            conn.execute("SELECT count(*) FROM docs").fetchone()
            conn.execute("SELECT rowid FROM fts WHERE fts MATCH 'x' LIMIT 1").fetchall()
        finally:
            conn.close()
        return meta.get("engine") == NAME and meta.get("format") == FORMAT
    except (OSError, sqlite3.Error):
        return False


def apply(gen: Path, docs: dict[int, dict | None]) -> None:
    conn = sqlite3.connect(_path(gen), timeout=conf.index_write_timeout(), isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            slugs = [d["slug"] for d in docs.values() if d is not None]
            ids = set(docs)
            if slugs:
                # A slug that moved to another scenario: its old document goes.
                marks = ",".join("?" * len(slugs))
                moved = conn.execute(f"SELECT id FROM docs WHERE slug IN ({marks})", slugs)
                ids.update(i for (i,) in moved)
            gone = [(i,) for i in ids]
            conn.executemany("DELETE FROM docs WHERE id = ?", gone)
            conn.executemany("DELETE FROM doc_facet WHERE id = ?", gone)
            conn.executemany("DELETE FROM fts WHERE rowid = ?", gone)
            conn.executemany("DELETE FROM fts_words WHERE rowid = ?", gone)
            _insert(conn, [d for _, d in sorted(docs.items()) if d is not None])
            conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'changes'")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


def open(gen: Path) -> "Snapshot":  # noqa: A001 - the engine interface's name
    return Snapshot(_path(gen))


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _concept_expression(alternatives) -> str:
    parts = []
    for seq, _ in alternatives:
        terms = [_quote(t) for t in seq]
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
                phrases.append(_quote(" ".join(terms)))
    if len(phrases) == 1:  # the whole query always is one: the caller asks for enough terms
        return phrases[0]
    return f"({' OR '.join(phrases)}) AND ({match_expression(concepts)})"


def match_expression(concepts, any_of: bool = False) -> str:
    """An FTS5 query from concepts: built from analyser terms, every one quoted, so nothing a
    user types is read as FTS5 syntax."""
    return (" OR " if any_of else " AND ").join(_concept_expression(c) for c in concepts)


def _bound(sizes: list[int], any_of: bool = False) -> int:
    """At most how many documents match all the concepts (or, any_of=True, any), from each
    concept's most (Snapshot._sizes)."""
    return sum(sizes) if any_of else min(sizes, default=0)


def _filtered(expression: str, systems, articles) -> str:
    for prefix, values in ((SYSTEM_TOKEN, systems), (ARTICLE_TOKEN, articles)):
        if values:
            wanted = " OR ".join(_quote(prefix + v) for v in values)
            expression = f"({expression}) AND ({{facets}}: ({wanted}))"
    return expression


# One token to the FTS5 tokenizer as configured (ASCII letters folded to lower case): a term
# outside this would be split or folded there, so it is matched by FTS5 itself.
_ONE_TOKEN = re.compile("[0-9a-z_\\-\u0080-\U0010ffff]+")


def _matching(postings, concepts, any_of, systems, articles) -> list[int] | None:
    """What `fts MATCH _filtered(match_expression(concepts, any_of), systems, articles)` finds,
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


class Snapshot:
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
        found = _matching(postings, concepts, any_of, systems, articles) if postings else None
        if found is not None and len(found) <= limit and not best_first:
            return found
        sizes = self._sizes(concepts)
        bound = _bound(sizes, any_of)
        if bound <= limit:
            if found is not None:
                return found
            # No more than the limit match, so this finds them all.
            return self._few(
                _filtered(match_expression(concepts, any_of), systems, articles), limit
            )
        expression = match_expression(concepts, any_of)
        cap = self._score_cap()
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
            tiers = [(expression, bound, 1.0)]
            if rare and len(rare) < len(concepts):
                tiers.insert(0, (match_expression(rare, any_of=True), rare_bound, 1.0))
        else:
            # Every concept in the title and symptom; then the rarest there and the others
            # anywhere (on a large index that tier fills its share of the candidates, and bm25,
            # which costs per match, never ranks the thousands that have every word somewhere);
            # then anywhere, which fills the rest (RAREST_HEAD_SHARE).
            tiers = [(f"{{head}}: ({expression})", bound, 1.0), (expression, bound, 1.0)]
            if len(concepts) > 1:
                rarest = concepts[sizes.index(min(sizes))]
                head_rarest = f"({{head}}: {_concept_expression(rarest)}) AND ({expression})"
                tiers.insert(1, (head_rarest, bound, tuning.RAREST_HEAD_SHARE))

        # A window costs a pass over a tier's matches (all of them when fewer than the cap), and
        # the term counts often overestimate. Every tier lies within the widest expression, so
        # when that has no more than the cap, no tier needs one: one pass instead of up to four.
        # When it has more, the pass is one extra. Over the 500 generated queries
        # (bench/queries.py), window time per query at 100k 5.1 -> 3.4 ms and all SQL 33.4 ->
        # 30.5 ms; at 10k 0.31 -> 0.26 ms. Answers identical (bench/results_dump.py).
        widest = _filtered(expression, systems, articles)
        floor = self._window(widest, cap) if bound > cap else None
        windowed = floor is not None
        if not windowed and not best_first:
            # Every tier lies within the widest expression: when that has no more matches than
            # the limit, they are the candidates, whatever the tiers would rank first.
            everything = self._few(widest, limit)
            if everything is not None:
                return everything
        found: list[int] = []
        if not any_of and sum(len(c[0][0]) for c in concepts) >= tuning.PHRASE_MIN_TERMS:
            # First, on top of the limit: documents quoting the query word for word, which the
            # rerank rewards (tuning.RUN_BOOST); among thousands of matches of its words, a
            # quote found in an old document's step would never be ranked high enough by bm25.
            phrase = _filtered(phrase_expression(concepts), systems, articles)
            take = int(limit * tuning.PHRASE_SHARE)
            found = None if best_first else self._few(phrase, take)
            if found is None:
                found = self._ranked(phrase, take, windowed)
        limit += len(found)
        # Each tier holds the one before it: once one has more matches than the limit, so do
        # the rest, and they are ranked without first looking for a few (the widest has more).
        many = best_first
        for tier, tier_bound, share in tiers:
            seen = set(found)
            tier = _filtered(tier, systems, articles)
            take = int(limit * share)
            few = None if many or tier == widest else self._few(tier, limit)
            many = few is None
            new = None if many else [d for d in few if d not in seen]
            if new is None or len(new) > take or len(found) + len(new) > limit:
                # Not all of them go in: which do is bm25's to say.
                in_window = windowed and tier_bound > cap
                ranked = self._ranked(tier, limit, in_window, floor if tier == widest else None)
                new = [d for d in ranked if d not in seen][:take]
            found += new
            if len(found) >= limit:
                break
        return found[:limit]

    def facets(self, concepts, *, systems=(), articles=()) -> tuple[int, dict]:
        expression = _filtered(match_expression(concepts), systems, articles)
        if _bound(self._sizes(concepts)) <= FACET_SCAN_MAX:
            total = None  # few enough to count document by document below, in one pass
        else:
            total = self._rows("SELECT count(*) FROM fts WHERE fts MATCH ?", expression)[0][0]
        if total is None or total <= FACET_SCAN_MAX:
            rows = self._rows(
                "SELECT f.facet, count(*) FROM fts JOIN doc_facet AS f ON f.id = fts.rowid "
                "WHERE fts MATCH ? GROUP BY f.facet",
                expression,
            )
            return facet_groups(Counter(dict(rows)))
        # Too many to read one by one: systems from the index, articles from the newest matches.
        counts = {}
        for system in self._terms_from("body", SYSTEM_TOKEN):
            n = self._rows(
                "SELECT count(*) FROM fts WHERE fts MATCH ?",
                f"({expression}) AND ({{facets}}: {_quote(system)})",
            )[0][0]
            if n:
                counts[system.removeprefix(SYSTEM_TOKEN)] = n
        rows = self._rows(
            "SELECT f.facet, count(*) FROM fts JOIN doc_facet AS f ON f.id = fts.rowid "
            "WHERE fts MATCH ? AND fts.rowid > ? GROUP BY f.facet",
            expression,
            self._window(expression, FACET_CAP),
        )
        _, newest = facet_groups(Counter(dict(rows)))
        return total, {"systems": counts, "articles": newest["articles"]}

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


def _vocab_table(field: str) -> str:
    if field not in ("body", "words"):
        raise ValueError(f"no such field: {field}")
    return f"{field}_vocab"
