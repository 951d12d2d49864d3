"""Configuration an operator relies on."""

import pytest
from django.db import connection


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite-specific")
def test_sqlite_runs_in_wal_mode_with_immediate_transactions(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert connection.transaction_mode == "IMMEDIATE"
