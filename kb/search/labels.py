"""What search needs to know of systems and articles, cached per process: display names of
facet values (system and article slugs), the names a query may call a system by (naming.py),
and the articles about each system a query names.

Facet counts cover every match, not only the results shown, so their names cannot come from
the stored fields of the hits. The names change rarely; the cache is dropped on each feed check
that applied changes and whenever this process saves a System or Article or changes an
article's systems.
"""

import threading

from kb.models import Article, System

from .naming import name_table

_lock = threading.Lock()
_cache: dict = {}


def labels() -> dict:
    with _lock:
        if not _cache:
            systems = list(System.objects.values_list("slug", "name", "short_name"))
            _cache["systems"] = {slug: name for slug, name, _ in systems}
            _cache["articles"] = dict(Article.objects.values_list("slug", "title"))
            _cache["names"] = name_table(systems)
            _cache["about"] = {}
        return _cache


def articles_about(systems: frozenset[str]) -> frozenset[str]:
    """The slugs of the articles about any of these systems, asked for the systems a query
    names (a handful of sets: one per product, or two named together)."""
    about = labels()["about"]
    found = about.get(systems)
    if found is None:
        rows = Article.objects.filter(systems__slug__in=systems).values_list("slug", flat=True)
        found = about[systems] = frozenset(rows)
    return found


def invalidate() -> None:
    with _lock:
        _cache.clear()
