"""Counters and logs are committed without waiting for the disk.

A page view, a search and a result click each wrote a row that waited for an fsync
(`synchronous=FULL`): 0.4-0.5 ms on every scenario page and search page, a tenth of a search
page's time, for rows that only feed the editors' reports. Within `relaxed_durability()` the
connection commits them to the write-ahead log without that wait (SQLite `synchronous=NORMAL`,
PostgreSQL `synchronous_commit=off`): they survive a killed process, and a power cut or an
operating system crash can lose the last moments of them, never corrupt anything. Votes,
feedback, checklist ticks and edits stay as the settings say: on disk before the user is told.
"""

from contextlib import contextmanager

from django.db import connection, transaction

# PRAGMA synchronous values: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
_NORMAL = 1


@contextmanager
def relaxed_durability():
    """Commits made inside do not wait for the disk. SQLite: the caller's own transactions and
    autocommit statements, the connection put back as configured afterwards; PostgreSQL: inside
    one transaction opened here."""
    if connection.in_atomic_block or connection.vendor not in ("sqlite", "postgresql"):
        yield  # within a caller's transaction, its commit, and its durability, decide
        return
    if connection.vendor == "postgresql":
        # For this transaction only (SET LOCAL): a session setting would outlive it on a
        # server connection that a pooler such as PgBouncer hands to the next client.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            yield
        return
    connection.ensure_connection()
    raw = connection.connection
    configured = raw.execute("PRAGMA synchronous").fetchone()[0]
    if configured <= _NORMAL:
        yield
        return
    raw.execute(f"PRAGMA synchronous={_NORMAL}")
    try:
        yield
    finally:
        _restore(raw, f"PRAGMA synchronous={int(configured)}")


def _restore(raw, statement: str) -> None:
    try:
        raw.execute(statement)
    except Exception:
        # A connection that cannot be put back must not serve a vote: the next one is opened
        # afresh, with the configured setting.
        connection.close()
        raise
