"""Search engines: where candidate documents come from. The query plan and the rerank
(kb/search/query.py) sit on top and are the same for every engine.

    KB_SEARCH_ENGINE=whoosh   Whoosh (pure Python), the default
    KB_SEARCH_ENGINE=sqlite   SQLite FTS5 (C, in Python's standard library): several times
                              faster on a large index, builds in seconds, small workers

An engine module provides:

    NAME, DAMAGE_ERRORS
    build(gen: Path, documents: Iterable[dict], procs: int) -> int   a new index in `gen`
    owns(gen) -> bool             the generation was built by this engine
    readable(gen) -> bool         opens and looks intact
    open(gen) -> Snapshot         what searches read (see base.Snapshot)
    apply(gen, docs: dict[int, dict | None]) -> None   write (or, for None, remove) documents

A generation records the engine that built it, so switching engines rebuilds on the next open.
"""

from importlib import import_module

from django.conf import settings

ENGINES = {"whoosh": "kb.search.engines.whoosh_engine", "sqlite": "kb.search.engines.sqlite_engine"}


def name() -> str:
    chosen = getattr(settings, "KB_SEARCH_ENGINE", "whoosh") or "whoosh"
    if chosen not in ENGINES:
        raise ValueError(f"KB_SEARCH_ENGINE must be one of {', '.join(ENGINES)}, not {chosen!r}")
    return chosen


def current():
    """The configured engine's module."""
    return import_module(ENGINES[name()])


def damage_errors() -> tuple:
    """What a damaged index raises when read, whichever engine wrote it."""
    errors = set()
    for module in ENGINES.values():
        errors.update(import_module(module).DAMAGE_ERRORS)
    return tuple(errors)
