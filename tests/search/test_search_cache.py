"""The per-process results cache: a repeated query is answered from it, each caller gets an
answer of its own to change at will, and what the cache keeps is nothing the garbage collector
has to walk."""

import copy
import gc

import kb.search
from kb.search import search


def test_a_repeated_query_gets_the_same_answer_without_searching_again(content, monkeypatch):
    first = search("legal tracker token expired", limit=5)
    monkeypatch.setattr(kb.search, "_response", None)  # searching again would fail
    again = search("legal tracker token expired", limit=5)
    assert first.results and again == first  # scores, snippets, facets and names alike
    assert again.results[0].slug == "tr-access-token-expired"


def test_a_caller_changing_its_answer_leaves_the_next_callers_alone(content):
    expected = copy.deepcopy(search("contact not syncing"))
    for answer in (search("contact not syncing"), search("contact not syncing")):
        answer.results[0].title = "Changed"
        answer.results[0].systems.append("Changed")
        answer.results.reverse()
        answer.results.pop()
        answer.facets["articles"][0].count = -1
        answer.facets["systems"].clear()
    again = search("contact not syncing")
    assert len(expected.results) > 1 and again == expected


def test_the_cache_keeps_nothing_the_garbage_collector_walks(content):
    """Kept as objects, the answers of never-asked queries went through the collector's
    generations on their way out of the cache, and its passes took twice as long."""
    kb.search._cache.clear()
    for text in ("contact not syncing", "time entry wont save", "token expired"):
        search(text)
    kept = list(kb.search._cache.values())
    assert len(kept) == 3 and not any(gc.is_tracked(answer) for answer in kept)


def test_an_answer_that_cannot_be_packed_is_answered_and_not_cached(content, monkeypatch, caplog):
    from kb.search import plan

    kb.search._cache.clear()
    monkeypatch.setattr(plan, "_CONTROL", plan.re.compile(r"\x00"))  # lets a surrogate in
    answer = search("token expired \ud800")
    assert answer.results[0].slug == "tr-access-token-expired"
    assert not kb.search._cache and "not cached" in caplog.text
