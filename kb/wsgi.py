import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
application = get_wsgi_application()

# A new app server (or one whose index directory was lost) builds its index now, before the
# server hands it a request; if the database is not reachable yet, the first search retries.
try:
    from kb.search import warm_up

    warm_up()
except Exception:
    logging.getLogger("kb.search").exception("search index warm-up failed; first search retries")

from kb.runtime import tune_garbage_collector  # noqa: E402

tune_garbage_collector()  # last: what start-up loaded stays out of the collector's passes
