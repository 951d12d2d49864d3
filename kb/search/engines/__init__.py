"""Search engines: where candidate documents come from. The query plan and the rerank
(kb/search/plan.py, candidates.py, scoring.py) sit on top and are the same for every engine.

    KB_SEARCH_ENGINE=auto     the default: each rebuild takes Whoosh for up to
                              KB_SEARCH_AUTO_WHOOSH_MAX published scenarios (20,000, the range
                              it searches from memory) and SQLite FTS5 past it
    KB_SEARCH_ENGINE=whoosh   Whoosh (pure Python), whatever the size
    KB_SEARCH_ENGINE=sqlite   SQLite FTS5 (C, in Python's standard library): several times
                              faster on a large index, builds in seconds, small workers

An engine module provides:

    NAME, DAMAGE_ERRORS
    build(gen: Path, documents: Iterable[dict], procs: int) -> int   a new index in `gen`
    owns(gen) -> bool             the generation was built by this engine
    readable(gen) -> bool         opens and looks intact
    open(gen) -> Snapshot         what searches read (see base.Snapshot)
    apply(gen, docs: dict[int, dict | None]) -> None   write (or, for None, remove) documents

A generation records the engine that built it (its files), and is read and written by that
engine. With an engine named, a generation of another one is rebuilt on the next open; with
`auto`, either serves, and the next rebuild chooses again by size (a search never rebuilds
only because the content grew past the line: the operator's `kb_rebuild_index` does).
"""

from importlib import import_module
from pathlib import Path

from kb import conf

AUTO = "auto"
ENGINES = {"whoosh": "kb.search.engines.whoosh_engine", "sqlite": "kb.search.engines.sqlite_engine"}

_owners: dict[str, object] = {}  # generation path -> the engine module that wrote it


def name() -> str:
    """The configured choice: "auto", or an engine's name."""
    return conf.search_engine()


def auto_whoosh_max() -> int:
    return conf.search_auto_whoosh_max()


def for_documents(count: int):
    """The engine module a new index of `count` documents is built with."""
    chosen = name()
    if chosen == AUTO:
        chosen = "whoosh" if count <= auto_whoosh_max() else "sqlite"
    return import_module(ENGINES[chosen])


def of_generation(gen: Path):
    """The engine module that reads and writes `gen`: the one that built it, or None when none
    did (or, with an engine named, when another one did: switching rebuilds)."""
    chosen = name()
    key = str(gen)
    engine = _owners.get(key)
    if engine is None:
        for engine_name, module in ENGINES.items():
            if chosen in (AUTO, engine_name) and import_module(module).owns(gen):
                if len(_owners) >= 64:  # generations come and go; finding one's owner is cheap
                    _owners.clear()
                engine = _owners[key] = import_module(module)
                break
    if engine is not None and chosen not in (AUTO, engine.NAME):
        return None
    return engine


def damage_errors() -> tuple:
    """What a damaged index raises when read, whichever engine wrote it."""
    errors = set()
    for module in ENGINES.values():
        errors.update(import_module(module).DAMAGE_ERRORS)
    return tuple(errors)
