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

This module is the engine's face (the interface engines/__init__.py describes) and its writer;
sqlite_snapshot.py is what searches read, sqlite_expressions.py the FTS5 queries they ask,
sqlite_facets.py the facet counts.
"""

import sqlite3
from collections.abc import Iterable
from pathlib import Path

import orjson

from kb import conf

from .sqlite_expressions import ARTICLE_TOKEN, SYSTEM_TOKEN
from .sqlite_snapshot import Snapshot

__all__ = ["DAMAGE_ERRORS", "NAME", "Snapshot", "apply", "build", "open", "owns", "readable"]

NAME = "sqlite"
FORMAT = "3"  # bumped when the file's layout changes: an older file is rebuilt
FILE = "index.sqlite3"
BATCH = 2000
# What a damaged index file raises: "file is not a database", "database disk image is
# malformed", a file removed under us.
DAMAGE_ERRORS = (OSError, sqlite3.DatabaseError)
HEADER = b"SQLite format 3\x00"

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
