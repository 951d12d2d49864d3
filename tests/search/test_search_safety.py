"""Whatever is typed, search answers with a normal (possibly empty) result, never an error."""

import pytest

from kb.search import SearchResponse, search

HOSTILE = [
    "title:",
    "title:webhook",
    '"unbalanced',
    "*",
    "web*",
    "NOT AND a",
    "a OR OR b",
    "(((",
    ")))",
    "matter^3",
    "sync~2",
    "[a TO z]",
    "\x00\x01\x02 contact \x1b[31m",
    "\u202econtact\u202c",
    "😀🔥 webhook 🙈",
    "how to",
    "the of and",
    "'",
    "--",
    "\\",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_query_syntax_is_read_as_words(content, query):
    response = search(query)
    assert isinstance(response, SearchResponse)
    for hit in response.results:
        assert hit.slug


def test_words_around_syntax_still_count(content):
    assert search("title:webhook").results[0].slug == "tr-webhook-not-configured"
    assert search("NOT AND webhook").results[0].slug == "tr-webhook-not-configured"


def test_stop_words_only_gives_an_empty_result(content):
    response = search("how to")
    assert response.results == [] and response.total == 0


def test_ten_kilobyte_paste_gets_a_normal_response(content):
    paste = ("Legal hold acknowledgement status not visible in Legal Tracker. " * 200)[:10_240]
    response = search(paste)
    assert response.results[0].slug == "tr-hold-ack-status-missing"
    assert response.suggestion is None


@pytest.mark.parametrize("query", ["", "   ", None])
def test_empty_query_gives_empty_results(content, query):
    assert search(query).results == []
