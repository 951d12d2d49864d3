"""What search needs to know of systems and articles, cached per process: display names of
facet values (system and article slugs), the names a query may call a system by (naming.py),
and, for a query that names one, each article's systems.

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
    with _lock:
        return _loaded()


def _loaded() -> dict:
    """The cache, read from the database if it was dropped (the caller holds _lock)."""
    from kb.models import Article, System

    if not _cache:
        systems = list(System.objects.values_list("id", "slug", "name", "short_name"))
        articles = list(Article.objects.values_list("id", "slug", "title"))
        _cache["systems"] = {slug: name for _, slug, name, _ in systems}
        _cache["articles"] = {slug: title for _, slug, title in articles}
        _cache["names"] = name_table([row[1:] for row in systems])
        _cache["ids"] = (
            {pk: slug for pk, slug, _, _ in systems},
            {pk: slug for pk, slug, _ in articles},
        )
    return _cache


def article_systems() -> dict[str, frozenset[str]]:
    """Article slug -> the slugs of its systems. Read on the first query that names a product
    (most name none): at 100,000 scenarios it is 20,000 rows."""
    from kb.models import Article

    with _lock:
        cache = _loaded()
        found = cache.get("article_systems")
        if found is None:
            system_slugs, article_slugs = cache["ids"]
            about: dict[str, set[str]] = {}
            pairs = Article.systems.through.objects.values_list("article_id", "system_id")
            for article, system in pairs:
                if article in article_slugs and system in system_slugs:
                    about.setdefault(article_slugs[article], set()).add(system_slugs[system])
            found = cache["article_systems"] = {slug: frozenset(s) for slug, s in about.items()}
        return found


def invalidate() -> None:
    with _lock:
        _cache.clear()
