"""Every KB_* setting's default, in one table, and the one way code reads them.

kb/settings.py reads the environment with these defaults; code reads a setting through
`setting(name)` (or the typed helpers below), which asks django.conf.settings each time, so
`override_settings` and pytest-django's `settings` fixture work, and a settings module that
leaves a KB_* setting out gets the default from this table.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SEARCH_ENGINES = ("auto", "whoosh", "sqlite")

DEFAULTS = {
    # Where the search index lives (settings.py: var/index under the checkout).
    "KB_INDEX_DIR": None,
    # The engine that finds candidates: "auto" takes Whoosh up to KB_SEARCH_AUTO_WHOOSH_MAX
    # published scenarios (the range it searches from memory) and SQLite FTS5 past it.
    "KB_SEARCH_ENGINE": "auto",
    "KB_SEARCH_AUTO_WHOOSH_MAX": 20_000,
    # How often (seconds, at most) a search replays the index change feed.
    "KB_SEARCH_CATCHUP_SECONDS": 1.0,
    # How long an index update waits for another writer's lock before leaving it to the feed.
    "KB_INDEX_WRITE_TIMEOUT": 30.0,
    # Largest article file kb_import and the admin import page accept.
    "KB_IMPORT_MAX_BYTES": 1024 * 1024,
    # Proxies in front of the app whose X-Forwarded-For entries are trusted.
    "KB_TRUSTED_PROXY_COUNT": 0,
    # scope -> (requests, seconds), overriding a view's @rate_limited figures.
    "KB_RATE_LIMITS": {},
    # Learning from use (docs/SEARCH.md, "Learning from use"). A scenario that visitors who
    # typed the same words confirmed as their fix ranks higher for those words; off: never.
    "KB_LEARNED_RANKING": True,
    # Distinct visitors, and distinct client networks, needed before a confirmation counts.
    "KB_LEARNED_MIN_VISITORS": 3,
    # A confirmation counts half as much after this many days.
    "KB_LEARNED_HALF_LIFE_DAYS": 90,
    # How often (seconds, at most) a process rereads the learned ranking table.
    "KB_LEARNED_REFRESH_SECONDS": 60,
    # Distinct visitors whose searches must show a pair of words before it is suggested.
    "KB_SYNONYM_SUGGESTION_MIN_VISITORS": 3,
    # Search-log rows older than this many days are deleted by kb_prune_feedback.
    "KB_SEARCH_LOG_RETENTION_DAYS": 180,
    # Where "Contact support" hands off (kb/support/handoff.py): a URL template with {subject},
    # {body}, {query} and {products}, else a mailto: address, else (both empty) the built-in
    # request form whose requests staff read in the admin.
    "KB_SUPPORT_URL": "",
    "KB_SUPPORT_EMAIL": "",
    # Content review (docs/ADMIN.md, "Freshness and review"): days between an article's
    # reviews unless the article sets its own, and how far ahead "Due for review" looks.
    "KB_REVIEW_INTERVAL_DAYS": 180,
    "KB_REVIEW_DUE_SOON_DAYS": 14,
    # An article is also listed when its "didn't help" share since its last edit is at least
    # this many percentage points above the share before it, over at least this many votes.
    "KB_REVIEW_MIN_VOTES": 5,
    "KB_REVIEW_MIN_RISE_POINTS": 10,
    # Screenshots on steps (kb/content/images.py): the largest upload accepted, and the most
    # pixels an image may decode to (a small file can hold a huge image: a decompression bomb).
    "KB_IMAGE_MAX_BYTES": 5 * 1024 * 1024,
    "KB_IMAGE_MAX_PIXELS": 40_000_000,
    # Page views, searches and result clicks are kept in memory and written in batches this
    # often (seconds); 0 writes each at once (kb/feedback/writebehind.py).
    "KB_FEEDBACK_FLUSH_SECONDS": 2.0,
    # How long (seconds) the home page's "Common problems", ranked by visitors' use, is reused
    # before it is ranked again; 0: on every view.
    "KB_COMMON_PROBLEMS_SECONDS": 30.0,
    # Serves /bench/floor for bench/run.py; off in every real deployment.
    "KB_BENCH": False,
}


def setting(name: str):
    """The KB_* setting `name` as configured now, else its default."""
    return getattr(settings, name, DEFAULTS[name])


def index_write_timeout() -> float:
    return float(setting("KB_INDEX_WRITE_TIMEOUT"))


def search_catchup_seconds() -> float:
    return float(setting("KB_SEARCH_CATCHUP_SECONDS"))


def feedback_flush_seconds() -> float:
    return float(setting("KB_FEEDBACK_FLUSH_SECONDS"))


def common_problems_seconds() -> float:
    return float(setting("KB_COMMON_PROBLEMS_SECONDS"))


def search_auto_whoosh_max() -> int:
    return int(setting("KB_SEARCH_AUTO_WHOOSH_MAX"))


def search_engine() -> str:
    """The configured engine choice, checked (an override in a test is checked too)."""
    return checked_search_engine(setting("KB_SEARCH_ENGINE") or DEFAULTS["KB_SEARCH_ENGINE"])


def review_interval_days() -> int:
    return int(setting("KB_REVIEW_INTERVAL_DAYS"))


def checked_search_engine(value: str) -> str:
    if value not in SEARCH_ENGINES:
        raise ImproperlyConfigured(
            f"KB_SEARCH_ENGINE must be auto, whoosh or sqlite, not {value!r}"
        )
    return value
