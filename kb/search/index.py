"""The index on disk: generations, the atomic swap, incremental updates and the change feed.

Layout under KB_INDEX_DIR (one directory per app server; the workers of a server share it):

    current -> gen-<ns>-<pid>      a symlink, swapped with os.replace (atomic on POSIX)
    gen-.../                       a complete index, written by the engine chosen when it was
                                   built (engines.for_documents), and read by that one
    gen-.../kb_cursor.json         the last IndexChange id applied to that generation, plus ids
                                   below it not seen yet (transactions still open when we read)
    gen-.../kb_analysis            the analysis version its terms were made with
                                   (analysis.VERSION): a generation of another one is rebuilt
    gen-.../kb_changed             a token rewritten after every change to that generation:
                                   what each search reads to know whether to look further

A rebuild writes a fresh generation while searches keep reading the old one, then swaps the
link. Every process replays the IndexChange feed past the cursor, so a change committed by a
killed worker or by another app server reaches every index. Applying a change is idempotent
(the document is rebuilt from the database), so replaying one twice is harmless.
"""

import fcntl
import json
import logging
import os
import shutil
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.db.models import Max, Q
from django.utils import timezone

from kb import conf
from kb.models import IndexChange

from . import analysis, engines
from .documents import iter_published_documents, published_documents_for, published_scenarios

log = logging.getLogger("kb.search")

CURRENT = "current"
CURSOR_FILE = "kb_cursor.json"
ANALYSIS_FILE = "kb_analysis"
STAMP_FILE = "kb_changed"
FEED_BATCH = 2000
GAP_TTL = 600.0  # seconds an unseen id below the cursor is still looked for
MAX_GAPS = 5000


class IndexUnavailable(RuntimeError):
    pass


# What damaged index files raise when read (a truncated or overwritten file, a vanished
# directory). Anything else is a bug and must not be hidden behind a rebuild.
DAMAGE_ERRORS = engines.damage_errors()


_root: tuple = (None, None)  # (KB_INDEX_DIR, its Path): asked for by every search


def root() -> Path:
    global _root
    value = conf.setting("KB_INDEX_DIR")
    if _root[0] != value:
        _root = (value, Path(value))
    return _root[1]


def write_timeout() -> float:
    return conf.index_write_timeout()


def current_generation(base: Path | None = None) -> Path | None:
    base = base or root()
    name = current_generation_name(base)
    return None if name is None else base / name


def current_generation_name(base: Path) -> str | None:
    """The current generation's directory name (os.path: every search asks)."""
    folder = str(base)
    try:
        name = os.readlink(os.path.join(folder, CURRENT))
    except OSError:
        return None
    return name if os.path.isdir(os.path.join(folder, name)) else None


def is_index_file(path: Path) -> bool:
    """A file the engine wrote into a generation (not the cursor, the analysis version or the
    change stamp, not a lock)."""
    return (
        path.is_file()
        and path.name not in (CURSOR_FILE, ANALYSIS_FILE, STAMP_FILE)
        and not path.name.endswith(".lock")
    )


# --- change stamp -----------------------------------------------------------------------------


def mark_changed(gen: Path) -> None:
    """A new token in the generation's stamp, written after its change is committed: a reader
    that last saw another token (or none) looks at the index itself."""
    tag = f"{os.getpid()}.{threading.get_ident()}"
    tmp = gen / f".{STAMP_FILE}.{tag}"
    tmp.write_text(f"{gen.name} {time.time_ns()} {tag}")
    os.replace(tmp, gen / STAMP_FILE)


def change_stamp(base: Path) -> bytes | None:
    """The current generation's stamp, or None when there is none to read (os-level: every
    search asks, and this costs a few microseconds where opening the index to ask costs ten)."""
    try:
        fd = os.open(os.path.join(str(base), CURRENT, STAMP_FILE), os.O_RDONLY)
    except OSError:
        return None
    try:
        return os.read(fd, 512)
    finally:
        os.close(fd)


# --- locks ------------------------------------------------------------------------------------


@contextmanager
def file_lock(path: Path, timeout: float):
    """An exclusive lock between processes (and threads: each call opens its own descriptor).

    Yields True when held, False when `timeout` passed first (0: try once).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.02)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- cursor -----------------------------------------------------------------------------------


def read_cursor(gen: Path) -> tuple[int, dict[int, float]]:
    try:
        data = json.loads((gen / CURSOR_FILE).read_text())
        return int(data["cursor"]), {int(k): float(v) for k, v in data.get("gaps", {}).items()}
    except (OSError, ValueError, KeyError, TypeError):
        return -1, {}


def write_cursor(gen: Path, cursor: int, gaps: dict[int, float]) -> None:
    tmp = gen / f".{CURSOR_FILE}.{os.getpid()}.{threading.get_ident()}"
    tmp.write_text(json.dumps({"cursor": cursor, "gaps": {str(k): v for k, v in gaps.items()}}))
    os.replace(tmp, gen / CURSOR_FILE)


def feed_position() -> tuple[int, dict[int, float]]:
    """The feed's head, and recent ids below it not visible yet (their transaction is open)."""
    head = IndexChange.objects.aggregate(m=Max("id"))["m"] or 0
    seen = set(IndexChange.objects.filter(id__gt=head - 200).values_list("id", flat=True))
    now = time.time()
    return head, {i: now for i in range(max(1, head - 199), head + 1) if i not in seen}


# --- building ---------------------------------------------------------------------------------


def rebuild(base: Path | None = None, *, procs: int = 1, batch_log: int = 0) -> dict:
    """Build a complete new generation from the database and swap it in atomically."""
    base = base or root()
    base.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    gen = base / f"gen-{time.time_ns()}-{os.getpid()}"
    gen.mkdir()
    # The feed position is taken before reading content: a change committed meanwhile has a
    # higher id (or is a known gap) and is replayed after the swap.
    cursor, gaps = feed_position()
    engine = engines.for_documents(published_scenarios().count())
    count = engine.build(gen, _all_documents(batch_log), procs=procs)
    (gen / ANALYSIS_FILE).write_text(analysis.VERSION)
    write_cursor(gen, cursor, gaps)
    mark_changed(gen)
    previous = current_generation(base)
    link = base / f".{CURRENT}-{gen.name}"
    os.symlink(gen.name, link)
    os.replace(link, base / CURRENT)
    _remove_old_generations(base, keep={gen, previous})
    seconds = time.monotonic() - started
    log.info(
        "search index rebuilt: %d scenarios in %.2f s (%s, %s)", count, seconds, engine.NAME, gen
    )
    return {"documents": count, "seconds": seconds, "path": str(gen), "engine": engine.NAME}


def _all_documents(log_every: int = 0):
    for count, (_, document) in enumerate(iter_published_documents(), 1):
        if log_every and count % log_every == 0:
            log.info("indexed %d scenarios", count)
        yield document


def _remove_old_generations(base: Path, keep: set) -> None:
    # The previous generation stays: other workers may still be reading it until their next
    # search notices the swap.
    for path in base.glob("gen-*"):
        if path not in keep:
            shutil.rmtree(path, ignore_errors=True)


def rebuild_lock(base: Path):
    """One rebuild at a time per index directory: each removes the generations before the last
    two, so two at once could remove each other's new one."""
    return file_lock(base / ".rebuild.lock", timeout=max(write_timeout(), 60.0))


def ensure_index(base: Path | None = None) -> Path:
    """The current generation, rebuilt first (with a warning) when missing, unreadable or made
    by another analysis version."""
    base = base or root()
    gen = current_generation(base)
    if gen is not None and _unusable(gen) is None:
        return gen
    with rebuild_lock(base):
        gen = current_generation(base)  # another process may have rebuilt it meanwhile
        reason = "missing or unreadable" if gen is None else _unusable(gen)
        if reason is None:
            return gen
        log.warning("search index %s at %s: rebuilding from the database", reason, base)
        rebuild(base)
    gen = current_generation(base)
    if gen is None:
        raise IndexUnavailable(f"could not build a search index at {base}")
    return gen


def _unusable(gen: Path) -> str | None:
    """Why a generation cannot serve, or None: it must be written by an engine the settings
    allow (a switched engine rebuilds), intact, with a cursor, and its terms made by this
    analysis version (a changed analyser would miss the terms an older one wrote)."""
    engine = engines.of_generation(gen)
    if engine is None or not engine.readable(gen) or read_cursor(gen)[0] < 0:
        return "missing or unreadable"
    try:
        made_by = (gen / ANALYSIS_FILE).read_text()
    except OSError:
        made_by = None
    if made_by != analysis.VERSION:
        return f"made by analysis version {made_by or 'unknown'}, not {analysis.VERSION}"
    return None


def force_rebuild(base: Path | None = None, reason: str = "") -> None:
    base = base or root()
    with rebuild_lock(base):
        log.warning("search index unusable (%s): rebuilding from the database", reason)
        rebuild(base)


# --- incremental updates ----------------------------------------------------------------------


_sized: set[str] = set()  # generations whose engine was checked against their size


def open_generation(gen: Path):
    """A snapshot of the generation for searching (kb.search.engines.base)."""
    engine = _engine(gen)
    snapshot = engine.open(gen)
    if gen.name not in _sized and engines.name() == engines.AUTO:
        _sized.add(gen.name)  # once per generation and process: edits open new snapshots
        wanted = engines.for_documents(snapshot.doc_count())
        if wanted is not engine:
            log.warning(
                "search index %s holds %d scenarios with %s; kb_rebuild_index would build them "
                "with %s (KB_SEARCH_ENGINE=auto)",
                gen, snapshot.doc_count(), engine.NAME, wanted.NAME,
            )  # fmt: skip
    return snapshot


def _engine(gen: Path):
    engine = engines.of_generation(gen)
    if engine is None:
        # A generation swapped out and removed, or written by an engine no longer configured:
        # what damage raises, so the search rebuilds.
        raise FileNotFoundError(f"no search index of a configured engine in {gen}")
    return engine


def apply_scenarios(gen: Path, scenario_ids) -> int:
    """Rewrite the documents of these scenarios from the database (or remove them)."""
    ids = sorted(set(scenario_ids))
    if not ids:
        return 0
    docs = published_documents_for(ids)
    _engine(gen).apply(gen, {sid: docs.get(sid) for sid in ids})
    mark_changed(gen)
    return len(ids)


def catch_up(base: Path | None = None, *, wait: float = 0.0) -> int:
    """Apply every IndexChange past this index's cursor. Returns the number of changes applied.

    With wait=0 it gives way when another process of this server is already catching up (that
    process applies the same feed).
    """
    base = base or root()
    gen = current_generation(base)
    if gen is None:
        return 0
    applied = 0
    with file_lock(gen / ".catchup.lock", timeout=wait) as held:
        if not held:
            return 0
        cursor, gaps = read_cursor(gen)
        while True:
            pending = Q(id__gt=cursor) | Q(id__in=list(gaps)) if gaps else Q(id__gt=cursor)
            rows = list(
                IndexChange.objects.filter(pending)
                .order_by("id")
                .values_list("id", "scenario_id")[:FEED_BATCH]
            )
            if not rows:
                break
            apply_scenarios(gen, {sid for _, sid in rows})
            applied += len(rows)
            cursor, gaps = _advance(cursor, gaps, [i for i, _ in rows])
            write_cursor(gen, cursor, gaps)
            if len(rows) < FEED_BATCH:
                break
        if not rows and gaps:
            _, expired = _advance(cursor, gaps, [])
            if expired != gaps:
                write_cursor(gen, cursor, expired)
    return applied


def _advance(cursor: int, gaps: dict[int, float], seen_ids: list[int]):
    """New cursor and gaps after seeing `seen_ids` (sorted): skipped ids become gaps, for a
    while, because PostgreSQL hands out ids before the transaction that uses them commits."""
    now = time.time()
    seen = set(seen_ids)
    gaps = {i: t for i, t in gaps.items() if i not in seen and now - t < GAP_TTL}
    top = max(seen_ids, default=cursor)
    if top > cursor:
        gaps.update({i: now for i in range(cursor + 1, top) if i not in seen})
    if len(gaps) > MAX_GAPS:
        gaps = dict(sorted(gaps.items())[-MAX_GAPS:])
    return max(cursor, top), gaps


def prune_feed(keep_days: float) -> int:
    """Delete change-feed rows older than `keep_days`, always keeping the newest row (the feed's
    head, which tells a restored database from a live one). Returns the rows deleted."""
    head = IndexChange.objects.aggregate(m=Max("id"))["m"]
    if head is None:
        return 0
    cutoff = timezone.now() - timedelta(days=keep_days)
    deleted, _ = IndexChange.objects.filter(created_at__lt=cutoff, id__lt=head).delete()
    return deleted


def feed_pruned_past(gen: Path) -> bool:
    """True when rows this index never applied were pruned: nothing at or below its cursor is
    left and the feed resumes past cursor + 1 (a server offline for longer than the feed is
    kept). Only a rebuild can catch up then."""
    cursor, _ = read_cursor(gen)
    feed = IndexChange.objects
    return (
        not feed.filter(id__lte=cursor).exists()
        and not feed.filter(id=cursor + 1).exists()
        and feed.filter(id__gt=cursor + 1).exists()
    )


def feed_behind(gen: Path) -> bool:
    """True when the database's feed is behind this index's cursor: the database was replaced
    (restored from a backup, a fresh test database), so the index describes other content."""
    cursor, _ = read_cursor(gen)
    head = IndexChange.objects.aggregate(m=Max("id"))["m"] or 0
    return cursor > head
