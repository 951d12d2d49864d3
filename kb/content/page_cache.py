"""What the public pages show of the content, kept in this process until the content changes.

A page's content (a scenario with its steps, its related scenarios, the rendered HTML of its
steps) is the same for every visitor, and it changes only when an editor saves: it is built
once per content version and process, then reused. The version is the search index's (kb.search
.reader.version()): every content change is written to the IndexChange feed in its own
transaction and applied to the index after it commits, which bumps it; the workers of one server
see it on their next request, other app servers within KB_SEARCH_CATCHUP_SECONDS, as search
does. Staff see drafts and banners: their pages are never cached. What differs per visitor (the
checklist's ticks, the vote widget, CSRF tokens) is never stored here.
"""

import threading
import time
from collections import OrderedDict

from kb.search import reader

MAX_ENTRIES = 5000  # a fragment is a few KB of HTML: tens of MB at most, per process

_entries: OrderedDict = OrderedDict()  # key -> (expires at or None, value)
_lock = threading.Lock()
_version: list = [None]  # the content version the entries were built for


def content_version(request) -> int | None:
    """The content version for this request (asked once per request, before any content is
    read, so what is built under it is at least that new); None when the index cannot say."""
    version = getattr(request, "_kb_content_version", None)
    if version is None:
        try:
            reader.searcher()  # replays the change feed when due, reopens on a new stamp
        except Exception:
            return None  # search reports its own failure; the page is built uncached
        version = request._kb_content_version = reader.version()
    return version


def cacheable(request) -> bool:
    """Not for staff (asked once per request: `request.user` is a lazy object, slow to ask)."""
    if request is None:
        return False
    found = getattr(request, "_kb_cacheable", None)
    if found is None:
        found = request._kb_cacheable = not getattr(
            getattr(request, "user", None), "is_staff", False
        )
    return found


def get(request, key: tuple, build, seconds: float | None = None):
    """`build()`'s value for `key` under the current content version, built on the first call;
    with `seconds`, built again once that old (for what also depends on visitors' feedback)."""
    version = content_version(request) if cacheable(request) else None
    if version is None:
        return build()
    now = time.monotonic()
    with _lock:
        if _version[0] != version:
            _entries.clear()  # built for older content: never asked again
            _version[0] = version
        hit = _entries.get(key)
        if hit is not None and (hit[0] is None or hit[0] > now):
            _entries.move_to_end(key)
            return hit[1]
    value = build()
    with _lock:
        if _version[0] == version:
            _entries[key] = (None if seconds is None else now + seconds, value)
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    return value


def clear() -> None:
    """Forget everything (tests)."""
    with _lock:
        _entries.clear()
        _version[0] = None
