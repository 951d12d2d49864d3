"""The learned ranking signal: scenarios that visitors who typed the same words confirmed as
their fix, read from the small table kb/feedback/learning.py precomputes (LearnedBoost).

Bounded: it only raises scenarios already among the query's scored matches (never adds one),
by at most tuning.LEARNED_MAX_SHARE of the query's top score. The table is reread at most every
KB_LEARNED_REFRESH_SECONDS per process, when its fingerprint changed. With an empty table, or
KB_LEARNED_RANKING off, results are exactly what they are without it.
"""

import threading
import time

from django.db.models import Count, Max

from kb import conf
from kb.models import LearnedBoost

from . import tuning
from .analysis import analysed_form

_lock = threading.Lock()
_cache: dict = {"table": None, "fingerprint": None, "checked": 0.0, "version": 0}


def enabled() -> bool:
    return bool(conf.setting("KB_LEARNED_RANKING"))


def _fingerprint():
    return tuple(LearnedBoost.objects.aggregate(n=Count("id"), t=Max("updated_at")).values())


def _load() -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    rows = LearnedBoost.objects.values_list("terms", "scenario__slug", "evidence")
    for terms, slug, evidence in rows:
        table.setdefault(terms, {})[slug] = evidence
    return table


def table() -> dict[str, dict[str, float]]:
    """{analysed query: {scenario slug: evidence}}, reread when stale and changed."""
    now = time.monotonic()
    with _lock:
        stale = now - _cache["checked"] >= float(conf.setting("KB_LEARNED_REFRESH_SECONDS"))
        if _cache["table"] is None or stale:
            _cache["checked"] = now
            fingerprint = _fingerprint()
            if _cache["table"] is None or fingerprint != _cache["fingerprint"]:
                _cache["table"] = _load()
                _cache["fingerprint"] = fingerprint
                _cache["version"] += 1
        return _cache["table"]


def version() -> tuple:
    """Part of the search cache key: answers change when the table or the setting does."""
    if not enabled():
        return (False,)
    table()
    return (True, _cache["version"])


def invalidate() -> None:
    with _lock:
        _cache["table"] = None


def boost(text: str, ranked: list) -> bool:
    """Raise the scores of `ranked` (scored matches of `text`) that visitors confirmed for the
    same words; True when any score changed (the caller sorts again)."""
    if not ranked or not enabled():
        return False
    learned = table().get(analysed_form(text))
    if not learned:
        return False
    top = max(r.score for r in ranked)
    changed = False
    for r in ranked:
        evidence = learned.get(r.fields["slug"])
        if evidence and r.score > 0:
            share = 1 - 0.5 ** (evidence / tuning.LEARNED_EVIDENCE_HALF)
            r.score += top * tuning.LEARNED_MAX_SHARE * share
            changed = True
    return changed
