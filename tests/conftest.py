import pytest
from django.core.management import call_command

# Fixtures for the admin tests (users in roles), kept in their own module.
pytest_plugins = ["tests.admin_support"]

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
