"""The per-process results cache: a repeated query is answered from it, and each caller gets
lists of its own to reorder or cut."""

import kb.search
from kb.search import search


def test_a_repeated_query_gets_the_same_answer_without_searching_again(content, monkeypatch):
    first = search("legal tracker token expired", limit=5)
    monkeypatch.setattr(kb.search, "_response", None)  # searching again would fail
    again = search("legal tracker token expired", limit=5)
    assert first.results and again == first
    assert again.results[0].slug == "tr-access-token-expired"


def test_a_caller_reordering_or_cutting_its_lists_leaves_the_next_callers_alone(content):
    """Callers sort, cut and filter their results and facet lists (the hits and facet values
    themselves are shared, never to be changed: kb/search/types.py)."""
    search("contact not syncing")
    first = search("contact not syncing")  # from the cache, as the next one
    slugs = [hit.slug for hit in first.results]
    facets = {name: [f.value for f in values] for name, values in first.facets.items()}
    first.results.reverse()
    first.results.pop()
    first.facets["systems"].clear()
    first.facets.pop("articles")
    again = search("contact not syncing")
    assert len(slugs) > 1 and [hit.slug for hit in again.results] == slugs
    assert {name: [f.value for f in values] for name, values in again.facets.items()} == facets
