"""Settings for the troubleshooting knowledge base, driven by environment variables.

Every value a deployment changes comes from the environment; the defaults give a working local
set-up with no services (SQLite, a local search index, no Redis).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from kb.conf import DEFAULTS, checked_search_engine

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _local_secret_key() -> str:
    # A fresh machine gets a random key kept outside the repository, so sessions and signed
    # visitor cookies survive restarts without anyone committing a secret.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "axes",
    "kb.apps.KbConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the path or a cookie from the database.
    "kb.visitor.untrusted.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "kb.visitor.identity.VisitorMiddleware",
    # Last, so that a locked-out sign-in is answered before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kb.urls"
WSGI_APPLICATION = "kb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work during a write; IMMEDIATE takes the write lock when a transaction
    # starts, so concurrent writers queue on the busy timeout instead of failing mid-way with
    # "database is locked".
    # Connections are kept (CONN_MAX_AGE) as on PostgreSQL: closing the last connection to a WAL
    # database checkpoints it, two fsyncs that made every request that wrote a row (a search
    # log, a page view, a vote) take 15-25 ms instead of well under one.
    # synchronous=FULL: every commit (a vote, an edit) is on disk before the user is told it
    # was saved, power cut included; about one fsync per write request. NORMAL skips it and
    # survives a killed process but not a power cut (KB_SQLITE_SYNCHRONOUS=NORMAL).
    _synchronous = os.environ.get("KB_SQLITE_SYNCHRONOUS", "FULL").upper()
    if _synchronous not in ("FULL", "NORMAL", "EXTRA"):
        raise ImproperlyConfigured("KB_SQLITE_SYNCHRONOUS must be FULL, NORMAL or EXTRA")
    DATABASES["default"]["OPTIONS"] = {
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous={_synchronous};",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("KB_CACHE_PREFIX", "kb"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(os.environ.get("KB_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Number of reverse proxies in front of the app whose X-Forwarded-For entries are trusted when
# reading a client's address (0: use REMOTE_ADDR as it is); rate limits and lockouts share it
# through kb.visitor.client_ip (so axes never falls back to django-ipware or to the proxy's
# address).
KB_TRUSTED_PROXY_COUNT = int(
    os.environ.get("KB_TRUSTED_PROXY_COUNT", DEFAULTS["KB_TRUSTED_PROXY_COUNT"])
)
AXES_CLIENT_IP_CALLABLE = "kb.visitor.client_ip.client_ip"
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# The sign-in audit log: successful sign-ins (AccessLog) and failed ones (AccessFailureLog),
# kept after a lockout expires, and backed up.
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded screenshots (kb.models.images), read and written only through `default_storage`:
# point STORAGES["default"] at object storage and they move there; the /media/ view still
# serves them from this site (kb/views/media.py), so pages load nothing from elsewhere.
MEDIA_ROOT = Path(os.environ.get("KB_MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("KB_MANIFEST_STATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve straight from the app folders when collectstatic has not run (tests, first start).
WHITENOISE_USE_FINDERS = env_bool("KB_STATIC_FINDERS", True)

# --- Security -------------------------------------------------------------------------------
HTTPS = env_bool("DJANGO_HTTPS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# A form posted with an expired token gets a page saying so (kb/views/errors.py), not a bare 403.
CSRF_FAILURE_VIEW = "kb.views.errors.csrf_failure"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}



def _rate_limits(value: str) -> dict[str, tuple[int, int]]:
    """`feedback=30/600,other=5/60`: requests allowed per client address per seconds."""
    limits = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        scope, _, figures = item.partition("=")
        count, _, seconds = figures.partition("/")
        limits[scope.strip()] = (int(count), int(seconds or 600))
    return limits


# Overrides the figures a view's @rate_limited(...) names (kb/feedback/ratelimit.py).
KB_RATE_LIMITS = _rate_limits(os.environ.get("KB_RATE_LIMITS", ""))

# --- Search ---------------------------------------------------------------------------------
KB_INDEX_DIR = Path(os.environ.get("KB_INDEX_DIR") or VAR_DIR / "index")
# The engine that finds candidates (kb/search/engines): "auto" (the default: each rebuild takes
# Whoosh, pure Python, for up to KB_SEARCH_AUTO_WHOOSH_MAX published scenarios, and SQLite FTS5
# past that), "whoosh" or "sqlite". Naming another engine than the index's rebuilds it on the
# next search. Every KB_* default is in kb/conf.py.
KB_SEARCH_ENGINE = checked_search_engine(
    os.environ.get("KB_SEARCH_ENGINE", DEFAULTS["KB_SEARCH_ENGINE"])
)
try:
    KB_SEARCH_AUTO_WHOOSH_MAX = int(
        os.environ.get("KB_SEARCH_AUTO_WHOOSH_MAX", DEFAULTS["KB_SEARCH_AUTO_WHOOSH_MAX"])
    )
except ValueError:
    raise ImproperlyConfigured("KB_SEARCH_AUTO_WHOOSH_MAX must be a whole number") from None
# How often (seconds, at most) a search replays the index change feed: the delay before an edit
# saved through another process or app server is found here.
KB_SEARCH_CATCHUP_SECONDS = float(
    os.environ.get("KB_SEARCH_CATCHUP_SECONDS", DEFAULTS["KB_SEARCH_CATCHUP_SECONDS"])
)
# How long an index update waits for another writer's lock before leaving it to the feed.
KB_INDEX_WRITE_TIMEOUT = float(
    os.environ.get("KB_INDEX_WRITE_TIMEOUT", DEFAULTS["KB_INDEX_WRITE_TIMEOUT"])
)
# Page views, searches and clicks are written in batches this often (seconds); 0: each at once.
KB_FEEDBACK_FLUSH_SECONDS = float(
    os.environ.get("KB_FEEDBACK_FLUSH_SECONDS", DEFAULTS["KB_FEEDBACK_FLUSH_SECONDS"])
)
# How long the home page's "Common problems" is reused before it is ranked again (seconds).
KB_COMMON_PROBLEMS_SECONDS = float(
    os.environ.get("KB_COMMON_PROBLEMS_SECONDS", DEFAULTS["KB_COMMON_PROBLEMS_SECONDS"])
)

# --- Benchmarks -----------------------------------------------------------------------------
# Serves /bench/floor, the trivial view bench/run.py measures every page against. Off in
# every real deployment.
KB_SUPPORT_URL = os.environ.get("KB_SUPPORT_URL", DEFAULTS["KB_SUPPORT_URL"])
KB_SUPPORT_EMAIL = os.environ.get("KB_SUPPORT_EMAIL", DEFAULTS["KB_SUPPORT_EMAIL"])

KB_BENCH = env_bool("KB_BENCH", DEFAULTS["KB_BENCH"])

KB_IMAGE_MAX_BYTES = int(os.environ.get("KB_IMAGE_MAX_BYTES", DEFAULTS["KB_IMAGE_MAX_BYTES"]))
KB_IMAGE_MAX_PIXELS = int(os.environ.get("KB_IMAGE_MAX_PIXELS", DEFAULTS["KB_IMAGE_MAX_PIXELS"]))

# --- Import ---------------------------------------------------------------------------------
# Largest article file kb_import and the admin import page accept (the seeds are under 10 KB).
KB_IMPORT_MAX_BYTES = int(os.environ.get("KB_IMPORT_MAX_BYTES", DEFAULTS["KB_IMPORT_MAX_BYTES"]))

# --- Content review ---------------------------------------------------------------------------
# Days between an article's reviews unless the article sets its own (docs/ADMIN.md).
KB_REVIEW_INTERVAL_DAYS = int(
    os.environ.get("KB_REVIEW_INTERVAL_DAYS", DEFAULTS["KB_REVIEW_INTERVAL_DAYS"])
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "kb": {"handlers": ["console"], "level": os.environ.get("KB_LOG_LEVEL", "INFO")},
        "django": {"handlers": ["console"], "level": "WARNING"},
    },
}

if not DEBUG and SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a real secret when DEBUG is off.")
