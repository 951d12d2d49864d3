"""A throwaway test database (test_<NAME>) holding the seed content, for bench scripts.

Django's test-runner helpers create and drop it, so a bench never touches the dev database.
"""

from contextlib import contextmanager


@contextmanager
def seeded_database(*, index: bool = False):
    """Set Django up, create the test database, load the seeds (and build the index if asked);
    drop the database on the way out, however the bench ends."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("kb_load_content", verbosity=0)
        if index:
            call_command("kb_rebuild_index", verbosity=0)
        yield connection
    finally:
        connection.close()
        teardown_databases(old, verbosity=0)
