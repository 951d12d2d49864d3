import pytest
from django.core.management import call_command

# Fixtures for the admin tests (users in roles), kept in their own module.
pytest_plugins = ["tests.admin.support"]

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
    from kb.search import labels, learned, reader, synonyms

    settings.KB_INDEX_DIR = tmp_path / "index"
    # Replay the change feed on every search, so tests never wait on the once-a-second check.
    settings.KB_SEARCH_CATCHUP_SECONDS = 0
    # Each page view and search written at once, so a test reads it back; tests/feedback/
    # test_pageview_batches.py tests the batches.
    settings.KB_FEEDBACK_FLUSH_SECONDS = 0
    settings.KB_COMMON_PROBLEMS_SECONDS = 0  # ranked again on every view
    reader.reset()
    synonyms.invalidate()
    labels.invalidate()
    learned.invalidate()
    yield settings.KB_INDEX_DIR
    reader.reset()


@pytest.fixture
def batched(settings):
    """Page views, searches and clicks held in memory as a server's workers hold them (the
    process's thread flushes only once a minute: the test flushes); nothing left pending for
    the next test."""
    from kb.feedback import pageviews, searchlog, writebehind

    settings.KB_FEEDBACK_FLUSH_SECONDS = 60
    writebehind.flush_all()
    yield
    with searchlog._lock:
        searchlog._rows.clear(), searchlog._latest.clear(), searchlog._clicks.clear()
    with pageviews._pending_lock:
        pageviews._pending.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores uploaded screenshots in its own folder, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def searchable(content):
    """Seed content that search can find: rebuilds the index when the search package has one."""
    from django.core.management import get_commands

    if "kb_rebuild_index" in get_commands():
        call_command("kb_rebuild_index", verbosity=0)


@pytest.fixture
def htmx():
    """Extra request headers that make a test client request look like htmx's."""
    return {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def close_contact_scores(searchable, monkeypatch):
    """Search as usual, except that an unfiltered search for a contact not syncing scores the
    two contact scenarios (Practice Management, Legal Accounting) nearly equal.

    Whether scores are close is the ranker's call; pages tests pin it to test the question.
    """
    from dataclasses import replace

    from kb.search import search as real_search

    def ranked(query, **kwargs):
        response = real_search(query, **kwargs)
        if "contact" in query and not kwargs.get("systems"):
            hits = {hit.slug: hit for hit in response.results}
            pm, la = hits["contact-not-synced-pm"], hits["contact-not-synced-la"]
            others = [h for h in response.results if h not in (pm, la)]
            response.results = [replace(pm, score=10.0), replace(la, score=9.5)] + [
                replace(h, score=min(h.score, 2.0)) for h in others
            ]
        return response

    monkeypatch.setattr("kb.views.search.search", ranked)
