"""Page views per page and day, for the editors' reports.

A view is counted in this process's memory and written with the others of the last
KB_FEEDBACK_FLUSH_SECONDS in one transaction, by a thread of the process (and at its exit): a
page view used to be a write transaction of its own, and on SQLite every one took the
database's write lock. The reports read the rows, so they show a view up to that many seconds
later (their own process's views at once: `flush()` first). The thread, the exit hook and
what a killed process loses: kb/feedback/writebehind.py. KB_FEEDBACK_FLUSH_SECONDS=0 writes
each view at once.
"""

import logging
import os
import threading
from collections import Counter
from contextlib import nullcontext

from django.db import DatabaseError, transaction
from django.utils import timezone

from kb.models import PageView

from . import writebehind
from .durability import relaxed_durability

logger = logging.getLogger(__name__)

# (article id, scenario id or None, day) -> views not written yet.
_pending: Counter = Counter()
_pending_lock = threading.Lock()
_writing = threading.Lock()  # one batch written at a time (the thread's, or the exit's)


def _forget_the_parents() -> None:
    """A forked child (a gunicorn worker): the parent counts and writes its own views."""
    global _pending_lock, _writing
    _pending.clear()
    _pending_lock, _writing = threading.Lock(), threading.Lock()


os.register_at_fork(after_in_child=_forget_the_parents)


def record_page_view(article, scenario=None) -> None:
    """Count one view of an article page (or, with `scenario`, of a scenario page).

    A counter must never cost a reader their page: a database error is logged, not raised.
    """
    key = (article.pk, scenario.pk if scenario else None, timezone.localdate())
    if writebehind.interval() <= 0:
        _write_logged(Counter({key: 1}))
        return
    with _pending_lock:
        _pending[key] += 1
    writebehind.started()


@writebehind.register
def flush() -> int:
    """Write this process's pending views now; returns how many were written. Views that could
    not be written stay pending for the next flush."""
    with _writing:
        with _pending_lock:
            batch = +_pending
            _pending.clear()
        if not batch:
            return 0
        if not _write_logged(batch):
            with _pending_lock:
                _pending.update(batch)
            return 0
        return sum(batch.values())


def _write_logged(batch: Counter) -> bool:
    try:
        # One transaction for a batch (a single row's upsert is one already).
        one = transaction.atomic() if len(batch) > 1 else nullcontext()
        with relaxed_durability(), one:
            for (article_id, scenario_id, day), views in sorted(batch.items(), key=str):
                PageView.objects.add(article_id, scenario_id, day, views)
        return True
    except DatabaseError:
        logger.warning("%d page view(s) not written yet", sum(batch.values()), exc_info=True)
        return False
