"""The JSON search API's body, shared by the view and by kb_eval (one code path)."""

from . import SearchResponse, search

MAX_API_LIMIT = 50


def search_json(q: str, limit: int = 10, prefer=()) -> dict:
    if not (q or "").strip():
        # The same shape as any answer (SearchResponse.as_json), with every facet present.
        return SearchResponse(query=q or "", facets={"systems": [], "articles": []}).as_json()
    return search(q, limit=limit, prefer=prefer).as_json()
