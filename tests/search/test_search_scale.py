"""A large index keeps answers small (facets list the commonest values, not every one) and a
worker's memory bounded (the candidates it keeps decoded), without changing any answer."""

import pytest
from django.core.management import call_command

import kb.search
from kb.search import MAX_FACET_VALUES, search


@pytest.mark.slow
def test_facets_list_only_the_commonest_articles_when_a_word_matches_many(content):
    call_command("kb_synth", scenarios=400, seed=5, verbosity=0)
    call_command("kb_rebuild_index", verbosity=0)

    response = search("contact")

    articles = response.facets["articles"]
    assert len(articles) == MAX_FACET_VALUES
    counts = [f.count for f in articles]
    assert counts == sorted(counts, reverse=True)
    # The total still counts every match, beyond the articles listed.
    assert response.total > sum(counts)


QUERIES = [
    "contact not syncing",
    "time entry fails to save",
    "invoice shows the wrong total",
    "sycn error contact",
    "legal tracker token expired",
    "user disabled in security",
    "trust account out of balance",
    "numbering sequence missing",
]


@pytest.mark.slow
def test_the_decoded_documents_kept_per_process_stay_bounded_and_change_no_answer(
    content, monkeypatch
):
    """A worker keeps at most DOC_MEMO_SIZE candidates decoded (its memory does not grow with
    the index); when searches need room, the least recently used go, and every answer is the
    one a fresh process gives."""
    from kb.search import doc_cache, reader

    call_command("kb_synth", scenarios=300, seed=3, verbosity=0)
    call_command("kb_rebuild_index", verbosity=0)
    reader.reset()
    fresh = {q: [r.slug for r in search(q, limit=10).results] for q in QUERIES}

    bound = 150  # more than one search's candidates, fewer than these searches' together
    monkeypatch.setattr(doc_cache, "DOC_MEMO_SIZE", bound)
    reader.reset()
    sizes = []
    for _ in range(2):
        for q in QUERIES:
            kb.search._cache.clear()  # the answers cache would hide the search itself
            answer = search(q, limit=10)
            assert [r.slug for r in answer.results] == fresh[q], q
            sizes.append(len(reader.searcher().memo[doc_cache._DOCS]))
    assert max(sizes) == bound  # full, and searches went on evicting
    # Least recently used first: what the last search decoded is still there.
    snap = reader.searcher()
    memo = snap.memo[doc_cache._DOCS]
    last = list(memo)[-5:]
    doc_cache._prepared(snap, [max(memo) + 1])  # one more document: the oldest entry goes
    assert all(d in memo for d in last)


@pytest.mark.parametrize("kept_whole", [True, False], ids=["small index", "large index"])
def test_the_rerank_scores_a_document_the_same_from_the_query_terms_alone(
    content, monkeypatch, kept_whole
):
    """On a large index the rerank counts only the query's terms in each candidate (DocTerms
    `wanted`); a small one's documents keep every term's counts for every query: either way
    every score is exactly the one counting every term of the document afresh gives (a product
    the query names left unboosted)."""
    from kb.search import doc_cache, plan, ranking, reader, scoring, tuning

    monkeypatch.setattr(tuning, "NAMED_BOOST", 1.0)
    monkeypatch.setattr(doc_cache, "FULL_TERMS_DOCS", 300 if kept_whole else 0)

    call_command("kb_synth", scenarios=200, seed=4, verbosity=0)
    call_command("kb_rebuild_index", verbosity=0)
    reader.reset()
    snap = reader.searcher()
    compared = 0
    for text in QUERIES:
        p = plan.plan(snap, text)
        ranked, _, _ = ranking.run(snap, p, limit=10)
        live = [c for c in p.concepts if c.known]
        weights = [scoring._idf(snap, c, snap.doc_count()) for c in live]
        for r in ranked:
            fields = {name: seq.split() for name, seq in r.fields["terms"].items()}
            full = scoring.rerank_score(p, live, weights, fields, doc_cache.DocTerms(fields))
            assert r.score == full, (text, r.fields["slug"])
            compared += 1
    assert compared == 10 * len(QUERIES)


def test_a_small_index_keeps_no_more_per_document_than_its_words_however_many_queries(content):
    """A small index's documents keep their terms' counts across queries: what they remember
    is bounded by their own words, not by the words of every query a process has seen."""
    from kb.search import doc_cache, reader

    words = sorted(_index_words())
    for i, word in enumerate(words):
        search(f"contact {word} sycning {i}")  # each word a concept of its own, once
    kept = [entry[4] for entry in reader.searcher().memo[doc_cache._DOCS].values()]
    assert kept and all(terms is not None for terms in kept)
    for terms in kept:
        words = terms.where.keys()
        assert terms._single.keys() <= words
        assert not terms._found_in  # the queries' concepts are not kept
        assert all(set(found) <= words for found in terms._positions.values())


def _index_words() -> set[str]:
    """Every word the seed content's scenarios hold, as people type them."""
    from kb.models import Scenario

    words = set()
    for scenario in Scenario.objects.prefetch_related("steps"):
        texts = [scenario.title, scenario.symptom, *(step.text for step in scenario.steps.all())]
        words.update(w.lower() for text in texts for w in text.split() if w.isalpha())
    return words
