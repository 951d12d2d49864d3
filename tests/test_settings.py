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


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite-specific")
def test_sqlite_connection_outlives_a_request(transactional_db):
    """Closing the last connection to a WAL database checkpoints it (two fsyncs): a request
    that wrote one row cost 15-25 ms when each request closed its connection."""
    from django.db import close_old_connections

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    close_old_connections()  # what Django runs when a request finishes
    assert connection.connection is not None
