"""Synonym groups from the Synonym table, analysed once and cached per process.

A group like "PM, practice management" becomes term sequences (("pm",), ("practic", "manag"));
plan.py swaps any of them for the others. The cache is dropped when this process saves a
synonym, and otherwise at most once a second when the table's fingerprint changed (another
process or app server edited it).
"""

import threading

from django.db.models import Count, Max

from kb.models import Synonym

from .analysis import analyze_terms
from .reader import on_tick

Sequence = tuple[str, ...]

_lock = threading.Lock()
_cache: dict = {"fingerprint": None, "table": None, "version": 0}


def _fingerprint():
    return tuple(Synonym.objects.aggregate(n=Count("id"), t=Max("updated_at")).values())


def _load() -> dict[str, list[tuple[Sequence, int]]]:
    groups: list[list[Sequence]] = []
    for synonym in Synonym.objects.filter(enabled=True):
        group = {tuple(analyze_terms(term)) for term in synonym.term_list}
        group.discard(())
        if len(group) > 1:
            groups.append(sorted(group))
    table: dict[str, list[tuple[Sequence, int]]] = {}
    for number, group in enumerate(groups):
        for seq in group:
            table.setdefault(seq[0], []).append((seq, number))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))  # longest match first
    return {"by_first": table, "groups": groups}


def table() -> dict:
    with _lock:
        if _cache["table"] is None:
            _cache["fingerprint"] = _fingerprint()
            _cache["table"] = _load()
        return _cache["table"]


def invalidate() -> None:
    with _lock:
        _cache["table"] = None
        _cache["version"] += 1


def version() -> int:
    return _cache["version"]


@on_tick
def _check_for_changes() -> None:
    if _cache["table"] is not None and _fingerprint() != _cache["fingerprint"]:
        invalidate()


def alternatives(terms: list[str], start: int) -> list[tuple[int, list[Sequence]]]:
    """Synonym matches beginning at terms[start]: (length matched, the other sequences)."""
    data = table()
    out = []
    for seq, number in data["by_first"].get(terms[start], []):
        if tuple(terms[start : start + len(seq)]) == seq:
            others = [s for s in data["groups"][number] if s != seq]
            out.append((len(seq), others))
    return out
