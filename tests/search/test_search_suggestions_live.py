"""'Did you mean' and the typo corrections a query is widened with come from what is searchable
now: a word edited out of a published scenario, or held only by an unpublished article, is
never offered, and every suggestion offered finds something (both engines: `make test` runs
this module again with KB_SEARCH_ENGINE=sqlite)."""

import re

import pytest

from kb.models import Article, Issue, Scenario, Status
from kb.search import reader, search
from kb.search.engines import sqlite_snapshot, whoosh_engine


@pytest.fixture(params=["in memory", "from the index"])
def index_size(request, monkeypatch):
    """Both ways each engine reads its vocabulary: whole, into memory (a small index), or term
    by term from its files (a large one)."""
    if request.param == "from the index":
        monkeypatch.setattr(sqlite_snapshot, "VOCAB_IN_MEMORY_DOCS", 0)
        monkeypatch.setattr(sqlite_snapshot, "POSTINGS_IN_MEMORY_DOCS", 0)
        monkeypatch.setattr(whoosh_engine, "SMALL_INDEX_DOCS", 0)
        reader.reset()
    return request.param


def add_article(slug: str, symptom: str, status=Status.PUBLISHED) -> Article:
    article = Article.objects.create(slug=slug, title=slug.title(), status=status)
    issue = Issue.objects.create(article=article, slug=slug, title=f"{slug} issue")
    Scenario.objects.create(issue=issue, slug=f"{slug}-fails", title="It fails", symptom=symptom)
    return article


@pytest.fixture
def edited_out(content, index_size, django_capture_on_commit_callbacks):
    """A word that a published symptom held, then lost in an edit (each search replays the
    change feed, as another worker's search would)."""
    scenario = Scenario.objects.get(slug="user-not-matched")
    original = scenario.symptom
    with django_capture_on_commit_callbacks(execute=True):
        scenario.symptom = original + " Brightwaterhouse staff cannot sign in."
        scenario.save()
    assert search("Brightwaterhous").suggestion == "brightwaterhouse"  # offered while present
    with django_capture_on_commit_callbacks(execute=True):
        scenario.symptom = original
        scenario.save()
    return "brightwaterhouse"


@pytest.fixture
def unpublished(content, index_size, django_capture_on_commit_callbacks):
    """A word that only an article held, then the article went back to draft."""
    with django_capture_on_commit_callbacks(execute=True):
        article = add_article("ledgers", "Quokkaburrow ledgers refuse to close.")
    assert search("Quokkaburow").suggestion == "quokkaburrow"
    with django_capture_on_commit_callbacks(execute=True):
        article.status = Status.DRAFT
        article.save()
    return "quokkaburrow"


def test_word_edited_out_of_a_symptom_is_no_longer_suggested(edited_out):
    response = search("Brightwaterhous")
    assert response.suggestion is None
    assert response.results == []


def test_word_only_in_an_unpublished_article_is_not_suggested(unpublished):
    response = search("Quokkaburow ledgers")
    assert response.suggestion is None
    assert "ledgers-fails" not in [hit.slug for hit in response.results]


def test_word_only_in_a_draft_article_is_never_suggested(
    content, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_article("drafts", "Wallabyridge invoices vanish.", status=Status.DRAFT)
    assert search("Wallabyrige").suggestion is None
    assert search("Wallabyrige").results == []


def _typos(word: str) -> list[str]:
    """The word with one letter dropped, and with two neighbours swapped, inside it."""
    middle = len(word) // 2
    dropped = word[:middle] + word[middle + 1 :]
    swapped = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]
    return [dropped, swapped]


def test_every_suggestion_offered_finds_something(edited_out, unpublished):
    words = {edited_out, unpublished}
    for scenario in Scenario.objects.all():
        words |= {w.lower() for w in re.findall(r"[A-Za-z]{6,}", scenario.symptom)}
    offered = {}
    for word in sorted(words):
        for typo in _typos(word):
            suggestion = search(typo).suggestion
            if suggestion:
                offered[typo] = suggestion
    assert len(offered) > 20  # the sweep did exercise "did you mean"
    empty = {typo: s for typo, s in offered.items() if not search(s).results}
    assert empty == {}
