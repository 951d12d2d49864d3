"""Display names of facet values (system and article slugs), cached per process.

Facet counts cover every match, not only the results shown, so their names cannot come from
the stored fields of the hits. The names change rarely; the cache is dropped on each feed check
that applied changes and whenever this process saves a System or Article.
"""

import threading

_lock = threading.Lock()
_cache: dict = {}


def labels() -> dict[str, dict[str, str]]:
    from kb.models import Article, System

    with _lock:
        if not _cache:
            _cache["systems"] = dict(System.objects.values_list("slug", "name"))
            _cache["articles"] = dict(Article.objects.values_list("slug", "title"))
        return _cache


def invalidate() -> None:
    with _lock:
        _cache.clear()
