"""The search log: what people search for, what they found, and which result they opened.

Live search fires a request per pause in typing ("con", "contact", "contact won't sync"): those
collapse into one row per visitor, so the report counts searches people meant, not keystrokes.

Click tracking: a result link carries the log row's id (`?sl=<id>`, the `search_click` filter in
kb_feedback); the scenario page calls `record_search_click`, which marks the row as opened
only when the same visitor opens it, so a shared link never counts as someone else's click.
"""

import logging
import re
from datetime import timedelta

from django.db import DatabaseError, transaction
from django.utils import timezone

from kb.models import SearchLog
from kb.visitor.identity import nothing_stored
from kb.visitor.untrusted import whole_number

from .durability import relaxed_durability
from .network import network_of

logger = logging.getLogger(__name__)

CLICK_PARAM = "sl"
# Typing pauses are short; a visitor who comes back after this long is searching again.
LIVE_TYPING_WINDOW = timedelta(seconds=30)
CLICK_WINDOW = timedelta(days=1)
MAX_LENGTH = SearchLog._meta.get_field("query").max_length


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


def log_search(request, query, response) -> SearchLog | None:
    """Log a search a visitor ran; returns the row (for result links) or None when skipped.

    `response` is the kb.search SearchResponse the visitor saw.
    """
    normalized = normalize(query)
    if not normalized:
        return None
    visitor = getattr(request, "visitor_id", "") or ""
    earlier = not nothing_stored(request)  # a new visitor has no search to continue
    results = response.results if response is not None else []
    values = {
        "query": clean(query)[:MAX_LENGTH],
        "normalized": normalized,
        "results_count": getattr(response, "total", 0) or len(results),
        "top_slug": results[0].slug if results else "",
        "network": network_of(request),
    }
    try:
        # A savepoint in a caller's transaction: a failed write must not break it.
        with relaxed_durability(), transaction.atomic():
            return _upsert(visitor if earlier else "", values, visitor)
    except DatabaseError:
        logger.warning("Search not logged: %r", normalized, exc_info=True)
        return None


def _upsert(continues: str, values: dict, visitor: str) -> SearchLog:
    """The visitor's search still being typed (when `continues` names them) updated, else a
    new row."""
    now = timezone.now()
    if continues:
        previous = (
            SearchLog.objects.filter(
                visitor=continues,
                created_at__gte=now - LIVE_TYPING_WINDOW,
                clicked_scenario__isnull=True,
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if previous and _same_search(previous.normalized, values["normalized"]):
            # created_at moves with the typing, so the window slides while they keep typing.
            SearchLog.objects.filter(pk=previous.pk).update(**values, created_at=now)
            for name, value in values.items():
                setattr(previous, name, value)
            previous.created_at = now
            return previous
    return SearchLog.objects.create(visitor=visitor, **values)


def record_search_click(request, scenario) -> bool:
    """Mark the search in `?sl=` as opened (its first opened result), if it is this visitor's."""
    raw = request.GET.get(CLICK_PARAM, "")
    search_id = whole_number(raw)
    visitor = getattr(request, "visitor_id", "")
    if search_id is None or not visitor:
        return False
    now = timezone.now()
    try:
        with relaxed_durability():
            return bool(
                SearchLog.objects.filter(
                    pk=search_id,
                    visitor=visitor,
                    clicked_scenario__isnull=True,
                    created_at__gte=now - CLICK_WINDOW,
                ).update(clicked_scenario=scenario, clicked_at=now)
            )
    except DatabaseError:
        logger.warning("Search click not recorded (sl=%s)", raw[:20], exc_info=True)
        return False
