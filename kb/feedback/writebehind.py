"""Writes that may wait a moment: page views, searches and result clicks.

Each is kept in this process's memory and written with the others of the last
KB_FEEDBACK_FLUSH_SECONDS by a thread of the process, and at its exit: none takes a write
transaction of its own (on SQLite, the database's write lock) while a visitor waits. A module
registers its `flush` (which writes what is pending and keeps what it could not write for the
next one) and calls `started()` when it queues something. A clean shutdown (gunicorn's SIGTERM,
the end of a command) writes everything; a killed process loses at most that many seconds.
"""

import atexit
import logging
import os
import threading
from collections.abc import Callable

from django.db import close_old_connections, connection

from kb import conf

logger = logging.getLogger(__name__)

_flushes: list[Callable[[], int]] = []
_start_lock = threading.Lock()
_started_in: int | None = None  # the process whose thread flushes (a forked child starts its own)


def register(flush: Callable[[], int]) -> Callable[[], int]:
    """Add a module's flush to those the thread and the exit run (usable as a decorator)."""
    _flushes.append(flush)
    return flush


def interval() -> float:
    """Seconds between flushes; 0 or less: the caller writes at once."""
    return conf.feedback_flush_seconds()


def flush_all() -> int:
    """Write everything this process holds now (a report reads the rows: its own process's
    views and searches show at once); returns how many items were written."""
    return sum(flush() for flush in _flushes)


def started() -> None:
    """The flushing thread and the exit hook of this process, once."""
    global _started_in
    pid = os.getpid()
    if _started_in == pid:
        return
    with _start_lock:
        if _started_in == pid:
            return
        _started_in = pid
        atexit.register(flush_all)
        thread = threading.Thread(target=_flush_every, args=(interval(),), daemon=True)
        thread.name = "kb-feedback-flush"
        thread.start()


def _flush_every(seconds: float) -> None:
    while True:
        threading.Event().wait(seconds)
        close_old_connections()  # the thread's own connection, closed when too old or broken
        try:
            flush_all()
        except Exception:  # the thread must outlive any one failure; the items stay pending
            logger.exception("feedback flush failed")
            connection.close()
