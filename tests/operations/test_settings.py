"""Configuration an operator relies on."""

import pytest
from django.db import connection

from tests.process_support import run_python


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite-specific")
def test_sqlite_runs_in_wal_mode_with_immediate_transactions(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
        # FULL (2): a saved vote or edit survives a power cut, not only a killed process.
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2
    assert connection.transaction_mode == "IMMEDIATE"


@pytest.mark.parametrize(
    "name, value, message",
    [
        (
            "KB_SQLITE_SYNCHRONOUS",
            "sometimes",
            "KB_SQLITE_SYNCHRONOUS must be FULL, NORMAL or EXTRA",
        ),
        ("KB_SEARCH_ENGINE", "lucene", "KB_SEARCH_ENGINE must be auto, whoosh or sqlite"),
        ("KB_SEARCH_AUTO_WHOOSH_MAX", "20k", "KB_SEARCH_AUTO_WHOOSH_MAX must be a whole number"),
    ],
)
def test_a_setting_with_an_unknown_value_is_refused_at_start(name, value, message):
    env = {name: value, "PATH": "/usr/bin:/bin"}
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='kb.settings'; django.setup()"
    result = run_python(code, env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite-specific")
def test_sqlite_connection_outlives_a_request(transactional_db):
    """Closing the last connection to a WAL database checkpoints it (two fsyncs): a request
    that wrote one row cost 15-25 ms when each request closed its connection."""
    from django.db import close_old_connections

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    close_old_connections()  # what Django runs when a request finishes
    assert connection.connection is not None
