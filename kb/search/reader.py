"""One snapshot of the index per process, reopened only when the index changed on disk.

A changed index always gets a brand-new snapshot (Whoosh's `Searcher.refresh()` shows deleted
documents after a commit in whoosh-reloaded 2.7.5). Each search also (at most once per
KB_SEARCH_CATCHUP_SECONDS) replays the change feed, so edits saved by other processes and app
servers show up without a restart.

Whether the index changed is asked on every search, first of the generation's change stamp
(index.change_stamp, one small file read): only when its token differs from the last one seen
are the current generation and the snapshot itself asked. Once a second they are asked anyway,
for a writer killed between committing a change and rewriting the stamp.
"""

import logging
import threading
import time
from pathlib import Path

from kb import conf

from . import index, labels

log = logging.getLogger("kb.search")


class _State:
    def __init__(self):
        self.lock = threading.RLock()
        self.base: Path | None = None
        self.gen: Path | None = None
        self.searcher = None
        self.last_tick = 0.0
        self.stamp: bytes | None = None  # the change stamp last seen with an up-to-date snapshot
        self.version = 0  # bumped with every new searcher (keys the results cache)


_state = _State()
_tick_listeners = []


def on_tick(func):
    """Run `func()` on each feed check (e.g. to reload synonyms when they changed)."""
    _tick_listeners.append(func)
    return func


def catchup_interval() -> float:
    return conf.search_catchup_seconds()


def reset() -> None:
    """Forget the open index (tests; after a fork)."""
    with _state.lock:
        _state.base = _state.gen = _state.searcher = _state.stamp = None
        _state.last_tick = 0.0
        _state.version += 1


def _open(base: Path) -> None:
    gen = index.ensure_index(base)
    try:
        gen, searcher = _open_current(base, gen.name)
    except Exception as exc:
        index.force_rebuild(base, reason=f"cannot open {gen.name}: {exc!r}")
        gen = index.ensure_index(base)
        searcher = index.open_generation(gen)
    if _state.gen is None and (index.feed_behind(gen) or index.feed_pruned_past(gen)):
        # First open in this process, and the feed cannot bring this index up to date: the
        # database does not know its changes, or changes it never applied were pruned.
        index.force_rebuild(base, reason="the change feed cannot update this index")
        gen = index.ensure_index(base)
        searcher = index.open_generation(gen)
    if not (gen / index.STAMP_FILE).exists():
        # Written by a version without stamps: given one, so that searches stop asking the
        # index itself each time.
        try:
            index.mark_changed(gen)
        except OSError:
            log.warning("could not write the change stamp of %s", gen, exc_info=True)
    _state.base, _state.gen, _state.searcher, _state.stamp = base, gen, searcher, None
    _state.version += 1


# A generation can vanish, or change, while a search opens it: rebuilds that follow each other
# swap in a newer one and remove the one before last, and a change committed meanwhile replaces
# Whoosh's table of contents (_MAIN_<n>.toc) with the next one. Opening it again, as the link now
# names it, is what those need; a file still missing after this many tries is damage.
OPEN_TRIES = 5


def _open_current(base: Path, name: str):
    """(generation, snapshot) of the current generation, `name` when last read."""
    for _ in range(OPEN_TRIES - 1):
        try:
            return base / name, index.open_generation(base / name)
        except FileNotFoundError:
            name = index.current_generation_name(base) or name
    return base / name, index.open_generation(base / name)  # still missing: damage


def version() -> int:
    return _state.version


def searcher():
    """The process's current snapshot (kb.search.engines.base): caught up with the feed and
    with the latest generation."""
    base = index.root()
    with _state.lock:
        if _state.base != base or _state.searcher is None:
            _state.gen = None
            _open(base)
            _state.last_tick = 0.0
        now = time.monotonic()
        if now - _state.last_tick >= catchup_interval():
            _state.last_tick = now
            _state.stamp = None
            tick()
        # Read before the index is asked: a change committed meanwhile leaves another token,
        # which the next search sees.
        stamp = index.change_stamp(base)
        if stamp is None or stamp != _state.stamp:
            name = index.current_generation_name(base)
            if name is None:
                _open(base)  # the directory was deleted or emptied under us
            elif name != _state.gen.name or not _state.searcher.up_to_date():
                _state.gen, _state.searcher = _open_current(base, name)
                _state.version += 1
            _state.stamp = stamp
        return _state.searcher


def tick() -> None:
    try:
        if index.catch_up(_state.base, wait=0):
            labels.invalidate()
    except Exception:  # never fail a search because the feed could not be applied now
        log.exception("could not apply the index change feed; will retry")
    for func in _tick_listeners:
        func()


def invalidate(reason: str) -> None:
    """Drop the searcher after a failure, so the next call reopens (or rebuilds)."""
    with _state.lock:
        log.warning("search index failed (%s): reopening", reason)
        base = _state.base or index.root()
        _state.searcher = None
        _state.version += 1
        index.force_rebuild(base, reason=reason)
