"""What search needs to know of systems and articles, cached per process: display names of
facet values (system and article slugs), the names a query may call a system by (naming.py),
and each article's systems.

Facet counts cover every match, not only the results shown, so their names cannot come from
the stored fields of the hits. The names change rarely; the cache is dropped on each feed check
that applied changes and whenever this process saves a System or Article or changes an
article's systems.
"""

import threading

from .naming import name_table

_lock = threading.Lock()
_cache: dict = {}


def labels() -> dict[str, dict]:
    from kb.models import Article, System

    with _lock:
        if not _cache:
            _cache["systems"] = dict(System.objects.values_list("slug", "name"))
            _cache["articles"] = dict(Article.objects.values_list("slug", "title"))
            _cache["names"] = name_table(System.objects.values_list("slug", "name", "short_name"))
            about: dict[str, set[str]] = {}
            pairs = Article.systems.through.objects.values_list("article__slug", "system__slug")
            for article, system in pairs:
                about.setdefault(article, set()).add(system)
            _cache["article_systems"] = {slug: frozenset(s) for slug, s in about.items()}
        return _cache


def invalidate() -> None:
    with _lock:
        _cache.clear()
