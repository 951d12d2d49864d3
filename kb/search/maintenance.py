"""Operator tasks on the index: rebuild, and compare with the database (and repair)."""

from dataclasses import dataclass, field

from . import engines, index
from .documents import iter_published_documents

# Stored fields that mirror everything indexed (the terms) and shown (display).
STORED_COMPARED = ("slug", "article_slug", "display", "terms")


def rebuild_now(procs: int = 1) -> dict:
    base = index.root()
    with index.rebuild_lock(base):  # not while a search rebuilds a damaged index
        stats = index.rebuild(base, procs=procs, batch_log=10_000)
    stats["replayed"] = index.catch_up(base, wait=index.write_timeout())
    return stats


@dataclass
class Differences:
    missing: list[str] = field(default_factory=list)  # published, not in the index
    extra: list[str] = field(default_factory=list)  # in the index, not published
    stale: list[str] = field(default_factory=list)  # in both, but the document differs
    indexed: int = 0
    published: int = 0
    engine: str = ""  # the engine of the index checked
    rebuild_engine: str = ""  # the engine a rebuild would take now

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def check(repair: bool = False) -> Differences:
    """Compare every stored document with the one the database gives now."""
    gen = index.ensure_index()
    stored = {int(f["sid"]): f for f in index.open_generation(gen).all_stored()}
    diff = Differences(indexed=len(stored), engine=engines.of_generation(gen).NAME)
    expected = {}  # id -> slug (not 100,000 whole documents)
    for scenario_id, doc in iter_published_documents():
        expected[scenario_id] = doc["slug"]
        have = stored.get(scenario_id)
        if have is None:
            diff.missing.append(doc["slug"])
        elif any(have.get(name) != doc[name] for name in STORED_COMPARED):
            diff.stale.append(doc["slug"])
    diff.published = len(expected)
    diff.rebuild_engine = engines.for_documents(diff.published).NAME
    extra_ids = [sid for sid in stored if sid not in expected]
    diff.extra = sorted(stored[sid]["slug"] for sid in extra_ids)
    if repair and not diff.clean:
        slugs = set(diff.missing) | set(diff.stale)
        ids = [sid for sid, slug in expected.items() if slug in slugs] + extra_ids
        index.apply_scenarios(gen, ids)
    return diff
