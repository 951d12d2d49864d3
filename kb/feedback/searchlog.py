"""The search log: what people search for, what they found, and which result they opened.

Live search fires a request per pause in typing ("con", "contact", "contact won't sync"): those
collapse into one row per visitor, so the report counts searches people meant, not keystrokes.
The results carry their row's id (`KB-Search-Log`, which kb.js sends with the next keystroke's
request), so typing continues that row whichever worker process serves the next keystroke.

Click tracking: a result link carries the row's id (`?sl=<id>`, the `search_click` filter in
kb_feedback); the scenario page calls `record_search_click`, which marks the row as opened only
when the same visitor opens it, so a shared link never counts as someone else's click.

Rows and clicks are written behind (kb/feedback/writebehind.py): a search's row id is made
here, at random above any database sequence's, so its result links carry it before it is
written. A row is written as an upsert by id that only a newer search of the same visitor
may overwrite: two workers holding the same continued search write the newer one.
"""

import logging
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from kb.models import SearchLog
from kb.visitor.identity import nothing_stored
from kb.visitor.untrusted import whole_number

from . import writebehind
from .durability import relaxed_durability
from .network import network_of

logger = logging.getLogger(__name__)

CLICK_PARAM = "sl"
HEADER = "KB-Search-Log"  # the id of the search whose results the page shows (sent by kb.js)
# Typing pauses are short; a visitor who comes back after this long is searching again.
LIVE_TYPING_WINDOW = timedelta(seconds=30)
CLICK_WINDOW = timedelta(days=1)
# A click on a row another worker has not written yet waits for it this long.
CLICK_WAIT = timedelta(minutes=2)
MAX_PENDING_CLICKS = 10_000
WRITE_ATTEMPTS = 3  # a batch another worker's held up is tried again (the last flush at exit)
MAX_LENGTH = SearchLog._meta.get_field("query").max_length
# Ids made here: above any a database sequence reaches, below 2**53 (exact in JavaScript).
ID_FLOOR, ID_CEILING = 1 << 40, 1 << 53
FIELDS = ("query", "normalized", "results_count", "top_slug", "network", "created_at")

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def normalize(query: str) -> str:
    return re.sub(r"\s+", " ", clean(query).lower())[:MAX_LENGTH]


def clean(query: str) -> str:
    """Without control characters: PostgreSQL refuses NUL in text, and none means anything."""
    return CONTROL_CHARACTERS.sub(" ", query or "").strip()


def _same_search(earlier: str, later: str) -> bool:
    """Whether `later` is `earlier` still being typed: extended, shortened, or its last word
    corrected ("contact wont syn" -> "contact won't sync" is not; "contact syn" -> "contact
    sync" is)."""
    if earlier.startswith(later) or later.startswith(earlier):
        return True
    head_a, _, _ = earlier.rpartition(" ")
    head_b, _, _ = later.rpartition(" ")
    return bool(head_a) and head_a == head_b


@dataclass
class _Row:
    """A search not written yet."""

    id: int
    visitor: str
    values: dict  # FIELDS
    clicked_scenario_id: int | None = None
    clicked_at: datetime | None = None


@dataclass
class _Click:
    visitor: str
    scenario_id: int
    at: datetime


_rows: dict[int, _Row] = {}
_latest: dict[str, int] = {}  # visitor -> their newest pending row
_clicks: dict[int, _Click] = {}  # row id -> a click on a row not written yet
_lock = threading.Lock()
_writing = threading.Lock()


def _forget_the_parents() -> None:
    global _lock, _writing
    _rows.clear(), _latest.clear(), _clicks.clear()
    _lock, _writing = threading.Lock(), threading.Lock()


os.register_at_fork(after_in_child=_forget_the_parents)


def log_search(request, query, response) -> SearchLog | None:
    """Log a search a visitor ran; returns the row (its id for result links) or None when
    skipped. `response` is the kb.search SearchResponse the visitor saw."""
    normalized = normalize(query)
    if not normalized:
        return None
    visitor = getattr(request, "visitor_id", "") or ""
    results = response.results if response is not None else []
    now = timezone.now()
    values = {
        "query": clean(query)[:MAX_LENGTH],
        "normalized": normalized,
        "results_count": getattr(response, "total", 0) or len(results),
        "top_slug": results[0].slug if results else "",
        "network": network_of(request),
        "created_at": now,
    }
    # A new visitor has no search to continue.
    earlier = None if nothing_stored(request) else _continued(request, visitor, normalized, now)
    row = _Row(earlier or secrets.randbelow(ID_CEILING - ID_FLOOR) + ID_FLOOR, visitor, values)
    if writebehind.interval() <= 0:
        if not _write_rows([row]):
            return None
    else:
        with _lock:
            pending = _rows.get(row.id)
            if pending is not None:
                pending.values = values
            else:
                _rows[row.id] = row
            if visitor:
                _latest[visitor] = row.id
        writebehind.started()
    return SearchLog(pk=row.id, visitor=visitor, **values)


def _continued(request, visitor: str, normalized: str, now) -> int | None:
    """The id of the visitor's search that this one continues, if any: the one the page shows
    (the header), else their newest, pending here or written, within the typing window."""
    for row_id, earlier in _previous(request, visitor, now):
        if _same_search(earlier, normalized):
            return row_id
    return None


def _previous(request, visitor: str, now):
    """(id, normalized query) of the searches this one may continue, likeliest first."""
    since = now - LIVE_TYPING_WINDOW
    shown = whole_number(request.headers.get(HEADER, ""))
    with _lock:
        newest = _rows.get(_latest.get(visitor, 0))
        if newest is not None and (newest.clicked_at or newest.values["created_at"] < since):
            newest = None
        hinted = _rows.get(shown) if shown else None
    if hinted is not None:
        if hinted.visitor == visitor and not hinted.clicked_at:
            yield hinted.id, hinted.values["normalized"]
    elif shown and ID_FLOOR <= shown < ID_CEILING:
        written = SearchLog.objects.filter(pk=shown).values_list(
            "visitor", "normalized", "created_at", "clicked_scenario_id"
        ).first()
        if written is None:
            # Pending in another worker: the page's own address says what it searched for.
            url = request.headers.get("HX-Current-URL", "")
            earlier = normalize(parse_qs(urlsplit(url).query).get("q", [""])[0])
            if earlier:
                yield shown, earlier
        elif written[0] == visitor and written[2] >= since and written[3] is None:
            yield shown, written[1]
    if newest is not None:
        yield newest.id, newest.values["normalized"]
    written = _written(visitor, since)
    if written:
        yield written


def _written(visitor: str, since) -> tuple[int, str] | None:
    return (
        SearchLog.objects.filter(
            visitor=visitor, created_at__gte=since, clicked_scenario__isnull=True
        )
        .order_by("-created_at", "-pk")
        .values_list("pk", "normalized")
        .first()
    )


def record_search_click(request, scenario) -> bool:
    """Mark the search in `?sl=` as opened (its first opened result), if it is this visitor's.
    True when recorded or queued to be (the row may not be written yet)."""
    raw = request.GET.get(CLICK_PARAM, "")
    search_id = whole_number(raw)
    visitor = getattr(request, "visitor_id", "")
    if search_id is None or not visitor or nothing_stored(request):
        return False
    now = timezone.now()
    with _lock:
        row = _rows.get(search_id)
        if row is not None:
            if row.visitor != visitor or row.clicked_scenario_id is not None:
                return False
            row.clicked_scenario_id, row.clicked_at = scenario.pk, now
            return True
    click = _Click(visitor, scenario.pk, now)
    if writebehind.interval() <= 0 or not ID_FLOOR <= search_id < ID_CEILING:
        return _write_click(search_id, click)
    with _lock:
        if len(_clicks) < MAX_PENDING_CLICKS:
            _clicks.setdefault(search_id, click)
    writebehind.started()
    return True


@writebehind.register
def flush() -> int:
    """Write this process's pending searches, then the clicks on searches written since;
    returns how many rows were written. What could not be written stays pending."""
    with _writing:
        with _lock:
            rows = list(_rows.values())
            clicks = dict(_clicks)
            _rows.clear(), _latest.clear(), _clicks.clear()
        written = _write_rows(rows) if rows else True
        now = timezone.now()
        waiting = {
            row_id: click
            for row_id, click in clicks.items()
            if not _write_click(row_id, click) and now - click.at < CLICK_WAIT
        }
        with _lock:
            for row_id, click in waiting.items():
                _clicks.setdefault(row_id, click)
            if not written:
                for row in rows:  # a row continued since is newer: it stays
                    _rows.setdefault(row.id, row)
        return len(rows) if written else 0


def _write_rows(rows: list[_Row]) -> bool:
    # In id order: two workers writing the same continued searches lock their rows in the same
    # order (PostgreSQL would otherwise find a deadlock and drop one batch).
    params = [_params(row) for row in sorted(rows, key=lambda row: row.id)]
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            with relaxed_durability(), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.executemany(_upsert_sql(), params)
            return True
        except DatabaseError:
            if attempt == WRITE_ATTEMPTS:
                logger.warning("%d search(es) not logged yet", len(rows), exc_info=True)
                return False
            time.sleep(0.05 * attempt)  # another worker's batch: let it finish
    return False


def _upsert_sql() -> str:
    """Insert, or overwrite the row of that id when it is the same visitor's and older."""
    q = connection.ops.quote_name
    table = q(SearchLog._meta.db_table)
    columns = ["id", "visitor", *FIELDS, "clicked_scenario_id", "clicked_at"]
    kept = ["clicked_scenario_id", "clicked_at"]  # a click recorded already stays
    updates = [f"{q(c)} = excluded.{q(c)}" for c in FIELDS]
    updates += [f"{q(c)} = COALESCE({table}.{q(c)}, excluded.{q(c)})" for c in kept]
    return (
        f"INSERT INTO {table} ({', '.join(q(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({q('id')}) DO UPDATE SET {', '.join(updates)} "
        f"WHERE {table}.{q('visitor')} = excluded.{q('visitor')} "
        f"AND {table}.{q('created_at')} <= excluded.{q('created_at')}"
    )


def _params(row: _Row) -> list:
    adapt = connection.ops.adapt_datetimefield_value
    values = {**row.values, "created_at": adapt(row.values["created_at"])}
    return [
        row.id, row.visitor, *(values[name] for name in FIELDS),
        row.clicked_scenario_id, adapt(row.clicked_at) if row.clicked_at else None,
    ]  # fmt: skip


def _write_click(row_id: int, click: _Click) -> bool:
    try:
        with relaxed_durability():
            return bool(
                SearchLog.objects.filter(
                    pk=row_id,
                    visitor=click.visitor,
                    clicked_scenario__isnull=True,
                    created_at__gte=click.at - CLICK_WINDOW,
                ).update(clicked_scenario_id=click.scenario_id, clicked_at=click.at)
            )
    except DatabaseError:
        logger.warning("Search click not recorded (sl=%s)", row_id, exc_info=True)
        return False
