import pytest
from django.core.management import call_command

# The catalogue's scenario slugs (shared/content/catalog.md): every check names scenarios by them.
CATALOGUE = {
    "legal-accounting-integration": [
        "connection-credentials",
        "contact-not-synced-pm",
        "contact-not-synced-la",
        "matter-not-synced-pm",
        "matter-balances-not-visible-pm",
        "contact-numbering-sequence-missing",
        "contact-wrong-numbering-stream",
        "time-entry-cannot-save",
        "user-not-matched",
    ],
    "tr-legal-tracker-integration": [
        "tr-access-token-expired",
        "tr-webhook-not-configured",
        "tr-matter-fields-not-updating",
        "tr-sync-job-not-updating",
        "tr-hold-ack-status-missing",
    ],
}
ALL_SLUGS = [slug for slugs in CATALOGUE.values() for slug in slugs]


@pytest.fixture
def content(db):
    """The shipped seed content, loaded the way `make run` loads it."""
    call_command("kb_load_content", verbosity=0)


@pytest.fixture(autouse=True)
def search_index_dir(settings, tmp_path):
    """Each test gets its own, initially missing, search index (built from its database on the
    first search), so no test ever sees another test's content or touches var/index."""
    from kb.search import labels, reader, synonyms

    settings.KB_INDEX_DIR = tmp_path / "index"
    # Replay the change feed on every search, so tests never wait on the once-a-second check.
    settings.KB_SEARCH_CATCHUP_SECONDS = 0
    reader.reset()
    synonyms.invalidate()
    labels.invalidate()
    yield settings.KB_INDEX_DIR
    reader.reset()
