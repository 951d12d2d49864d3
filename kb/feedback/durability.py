"""Counters and logs are committed without waiting for the disk.

A page view, a search and a result click each wrote a row that waited for an fsync
(`synchronous=FULL`): 0.4-0.5 ms on every scenario page and search page, a tenth of a search
page's time, for rows that only feed the editors' reports. Inside `telemetry_transaction()`
they commit to the write-ahead log without that wait (SQLite `synchronous=NORMAL`,
PostgreSQL `synchronous_commit=off`): they survive a killed process, and a power cut or an
operating system crash can lose the last moments of them, never corrupt anything. Votes,
feedback, checklist ticks and edits stay as the settings say: on disk before the user is told.
"""

from contextlib import contextmanager

from django.db import connection, transaction

# PRAGMA synchronous values: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
_NORMAL = 1


@contextmanager
def telemetry_transaction():
    """A transaction for a counter or a log row, committed without waiting for the disk."""
    if connection.in_atomic_block:
        # Part of a caller's transaction: its commit, and its durability, decide.
        with transaction.atomic():
            yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")  # this transaction only
            yield
        return
    if connection.vendor != "sqlite":
        with transaction.atomic():
            yield
        return
    connection.ensure_connection()
    raw = connection.connection
    configured = raw.execute("PRAGMA synchronous").fetchone()[0]
    if configured > _NORMAL:
        raw.execute(f"PRAGMA synchronous={_NORMAL}")
    try:
        with transaction.atomic():
            yield
    finally:
        if configured > _NORMAL:
            _restore(raw, configured)


def _restore(raw, level: int) -> None:
    try:
        raw.execute(f"PRAGMA synchronous={int(level)}")
    except Exception:
        # A connection that cannot be put back must not serve a vote: the next one is opened
        # afresh, with the configured setting.
        connection.close()
        raise
