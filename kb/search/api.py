"""The JSON search API's body, shared by the view and by kb_eval (one code path)."""

from . import search

MAX_API_LIMIT = 50


def search_json(q: str, limit: int = 10, prefer=()) -> dict:
    if not (q or "").strip():
        return {
            "query": q or "",
            "suggestion": None,
            "results": [],
            "facets": {"systems": [], "articles": []},
            "total": 0,
            "named_systems": [],
        }
    return search(q, limit=limit, prefer=prefer).as_json()
