"""Both search engines behind kb.search.search(): Whoosh (the default up to 20,000 scenarios)
and SQLite FTS5 (for large knowledge bases). The rest of the suite runs on the default,
which is Whoosh for the seed content; `make test` runs the search modules once more on the
other one (test_search_auto_engine.py: how the default chooses)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from whoosh.filedb.filestore import FileStorage

from kb.search import index, plan, reader, search, tuning
from kb.search.engines import sqlite_engine, sqlite_facets, sqlite_snapshot, whoosh_engine
from tests.conftest import ALL_SLUGS

ENGINES = ("whoosh", "sqlite")


def _top(query, **kwargs):
    response = search(query, **kwargs)
    return response.results[0].slug if response.results else None


def _use(settings, engine):
    settings.KB_SEARCH_ENGINE = engine
    reader.reset()


def _recorded(monkeypatch, method: str) -> list:
    """The first argument of every call to the SQLite snapshot's `method` (the SQL of `_rows`,
    the FTS5 expression of `_ranked`), in the order of the calls."""
    calls = []
    original = getattr(sqlite_engine.Snapshot, method)

    def recording(self, first, *args):
        calls.append(first)
        return original(self, first, *args)

    monkeypatch.setattr(sqlite_engine.Snapshot, method, recording)
    return calls


@pytest.mark.parametrize("engine", ENGINES)
def test_every_scenario_is_found_by_its_own_title(content, settings, engine):
    from kb.models import Scenario

    _use(settings, engine)
    for scenario in Scenario.objects.filter(slug__in=ALL_SLUGS):
        assert _top(scenario.title) == scenario.slug, (engine, scenario.title)


def test_both_engines_rank_the_same_scenarios_first(content, settings):
    queries = [
        "contact won't sync to accounting",
        "legal tracker token expired",
        "webhook not configured",
        "time entry cannot be saved",
        "sycn error contact",
        "matter balances missing",
        "hold acknowledgement status missing",
    ]
    tops = {}
    for engine in ENGINES:
        _use(settings, engine)
        tops[engine] = [_top(q) for q in queries]
    assert tops["whoosh"] == tops["sqlite"]
    assert None not in tops["sqlite"]


def test_switching_engine_rebuilds_the_index_on_the_next_search(content, settings, caplog):
    _use(settings, "whoosh")
    assert _top("webhook not configured") == "tr-webhook-not-configured"
    assert not sqlite_engine.owns(index.current_generation())
    _use(settings, "sqlite")
    assert _top("webhook not configured") == "tr-webhook-not-configured"
    assert sqlite_engine.owns(index.current_generation())
    assert "rebuilding" in caplog.text


def test_unknown_engine_is_a_clear_error(settings):
    from kb.search import engines

    settings.KB_SEARCH_ENGINE = "lucene"
    expected = "KB_SEARCH_ENGINE must be auto, whoosh or sqlite"
    with pytest.raises(ImproperlyConfigured, match=expected):
        engines.for_documents(14)


@pytest.mark.parametrize(
    "query",
    ["NOT AND a", '"contact', "contact*", "{head}: contact", "rest : sync", "NEAR(a b)", "a_x-y"],
)
def test_fts5_syntax_typed_by_a_user_is_read_as_words(content, settings, query):
    _use(settings, "sqlite")
    search(query)  # no exception: every word is quoted before it reaches FTS5
    assert _top(f"{query} webhook not configured") == "tr-webhook-not-configured"


def test_past_the_caps_search_stays_right_and_counts_stay_exact(content, settings, monkeypatch):
    """On a large index the SQLite engine ranks at most SCORE_CAP matches per tier (every word in
    the title or symptom first) and counts facets one by one over at most FACET_CAP; past them
    the results still name what was asked for, and the total and system counts stay exact.
    (Two candidates instead of 60, so that the seed content is "large"; no looser matches
    topping the candidates up, so that the total counts the matches of every word both times.)"""
    _use(settings, "sqlite")
    monkeypatch.setattr(tuning, "MIN_CANDIDATES", 0)
    uncapped = search("contact sync", limit=2)
    monkeypatch.setattr(tuning, "CANDIDATES", 2)
    monkeypatch.setattr(tuning, "SCORE_CAP", 3)
    monkeypatch.setattr(sqlite_facets, "FACET_CAP", 2)
    monkeypatch.setattr(sqlite_facets, "FACET_SCAN_MAX", 2)
    reader.reset()
    capped = search("contact sync", limit=2)
    assert capped.results[0].slug in [hit.slug for hit in uncapped.results[:3]]
    assert "contact" in capped.results[0].title.lower()
    assert capped.total == uncapped.total > 1
    exact = {f.value: f.count for f in uncapped.facets["systems"]}
    assert {f.value: f.count for f in capped.facets["systems"]} == exact
    filtered = search("contact sync", limit=2, systems=[next(iter(exact))])
    assert filtered.total == exact[next(iter(exact))]


def test_facets_of_a_few_thousand_matches_are_counted_in_one_pass_and_exactly(
    content, settings, monkeypatch
):
    """Past FACET_CAP but within FACET_SCAN_MAX matches, facets are counted in one pass over the
    matches, not with an FTS count per system: the same total and system counts, and every
    article counted (the per-system path counts articles over the newest FACET_CAP only)."""
    _use(settings, "sqlite")
    monkeypatch.setattr(tuning, "CANDIDATES", 2)
    monkeypatch.setattr(sqlite_facets, "FACET_CAP", 2)
    monkeypatch.setattr(sqlite_facets, "FACET_SCAN_MAX", 2)
    reader.reset()
    per_system = search("contact sync", limit=2)
    counted = _recorded(monkeypatch, "_rows")
    monkeypatch.setattr(sqlite_facets, "FACET_SCAN_MAX", 10_000)
    reader.reset()
    one_pass = search("contact sync", limit=2)
    assert not any(sql.startswith("SELECT count(*) FROM fts") for sql in counted)
    assert one_pass.total == per_system.total > 2
    systems = {f.value: f.count for f in one_pass.facets["systems"]}
    assert systems == {f.value: f.count for f in per_system.facets["systems"]}
    articles = one_pass.facets["articles"]
    assert sum(f.count for f in articles) == one_pass.total
    assert sum(f.count for f in per_system.facets["articles"]) < per_system.total


@pytest.mark.parametrize(
    "text, systems",
    [
        ("contact sync", ()),
        ("legal tracker tokn expired", ()),
        ("web hook not configured", ()),
        ("error 401 sycn", ()),
        ("matter not synchronised", ("actionstep-practice-management",)),
        ("integration user", ("thomson-reuters-legal-tracker", "exterro-legal-hold")),
    ],
)
@pytest.mark.parametrize("engine", ENGINES)
def test_a_small_index_held_in_memory_answers_as_the_index_itself(
    content, settings, monkeypatch, text, systems, engine
):
    """A small index keeps its term counts and postings in memory, a large one asks FTS5 or
    Whoosh: the results, counts, facets and "did you mean" are the same either way, filters
    included."""
    _use(settings, engine)
    in_memory = search(text, systems=systems)
    assert reader.searcher()._postings  # this path ran
    _without_memory(monkeypatch)
    from_the_index = search(text, systems=systems)
    snapshot = reader.searcher()
    if engine == "sqlite":
        assert set(snapshot._counts.values()) == {None} and snapshot._postings == ()
    else:
        assert not snapshot._postings
    assert in_memory.results and in_memory == from_the_index


def _without_memory(monkeypatch):
    monkeypatch.setattr(sqlite_snapshot, "VOCAB_IN_MEMORY_DOCS", 0)
    monkeypatch.setattr(sqlite_snapshot, "POSTINGS_IN_MEMORY_DOCS", 0)
    monkeypatch.setattr(whoosh_engine, "SMALL_INDEX_DOCS", 0)
    reader.reset()


def test_a_small_whoosh_index_leaves_out_documents_deleted_in_their_segment(
    content, settings, monkeypatch
):
    """Whoosh keeps a deleted document in its segment until a merge rewrites it: postings held
    in memory leave it out, as Whoosh's own matchers do."""
    from kb.models import Scenario

    _use(settings, "whoosh")
    title = Scenario.objects.get(slug="user-not-matched").title
    assert _top(title) == "user-not-matched"
    gen = index.current_generation()
    writer = FileStorage(str(gen)).open_index().writer(timeout=5)
    writer.delete_by_term("slug", "user-not-matched")
    writer.commit(merge=False)
    index.mark_changed(gen)
    in_memory = search(title)
    snapshot = reader.searcher()
    assert snapshot.reader.doc_count_all() > snapshot.reader.doc_count()  # still in its segment
    assert snapshot._postings  # held in memory
    assert "user-not-matched" not in [hit.slug for hit in in_memory.results]
    _without_memory(monkeypatch)
    assert in_memory.results and search(title) == in_memory


def test_postings_held_in_memory_stay_within_their_budget_and_change_no_answer(
    content, settings, monkeypatch
):
    """Up to 20,000 scenarios Whoosh's postings are held per snapshot, within a budget of
    document numbers: past it the held ones are let go and read again when asked."""
    import kb.search

    _use(settings, "whoosh")
    texts = ["contact not syncing", "legal tracker token expired", "matter number in use",
             "user disabled in security", "time entry wont save", "invoice rejected"]  # fmt: skip
    unbounded = [search(text) for text in texts]
    held = sum(len(docs) for docs, _ in reader.searcher()._postings.values())
    budget = 12
    assert held > 2 * budget  # so the budget is met, and more than once
    monkeypatch.setattr(whoosh_engine, "POSTINGS_BUDGET", budget)
    reader.reset()
    kb.search._cache.clear()
    bounded = []
    for text in texts:
        bounded.append(search(text))
        snapshot = reader.searcher()
        assert sum(len(docs) for docs, _ in snapshot._postings.values()) <= budget
    assert bounded == unbounded


@pytest.mark.slow
def test_whoosh_ranks_many_matches_from_memory_as_its_own_full_scoring_does(content, settings):
    """Past the rerank's share, matches held in memory are ranked by Whoosh's BM25F, computed
    from the postings held: the same order as Whoosh scoring every match (best first, equal
    scores in document order), filters and looser any-word matches included."""
    from django.core.management import call_command

    _use(settings, "whoosh")
    call_command("kb_synth", scenarios=300, seed=2, verbosity=0)
    call_command("kb_rebuild_index", verbosity=0)
    reader.reset()
    snapshot = reader.searcher()
    compared = 0
    for text in ("contact not syncing", "time entry fails to save", "invoice rejected export",
                 "user cannot log in", "matter number already in use", "bill shows an error",
                 "report times out"):  # fmt: skip
        live = [c.alternatives for c in plan.plan(snapshot, text).concepts if c.known]
        for any_of, systems in ((False, ()), (True, ()), (False, ("timekeep-time-capture",))):
            found = snapshot._matching(live, any_of, systems, ())
            limit = min(20, len(found) - 1)
            if limit < 2:
                continue
            whole = snapshot.searcher.search(
                whoosh_engine._combined(live, any_of),
                limit=None,
                filter=whoosh_engine._filter_query(systems, ()),
            )
            expected = [h.docnum for h in sorted(whole, key=lambda h: (-h.score, h.docnum))]
            assert snapshot._ranked(live, found, limit) == expected[:limit], (text, any_of)
            compared += 1
    assert compared >= 12


def test_a_small_whoosh_index_of_several_segments_counts_each_word_as_the_index_does(
    content, settings, monkeypatch
):
    """Edits land in segments of their own: the word counts held in memory add up every
    segment's, so idf, typo correction and scores stay what the index itself gives."""
    from kb.models import Scenario

    _use(settings, "whoosh")
    reader.searcher()  # the index as built
    edited = Scenario.objects.get(slug="contact-not-synced-pm")
    edited.symptom += " The contact synchronisation stops with an error."
    edited.save()
    index.apply_scenarios(index.current_generation(), [edited.pk])
    snapshot = reader.searcher()
    assert len(snapshot.reader.leaf_readers()) > 1  # the edit is a segment of its own
    texts = ["contact sycn", "synchronisation stops", "legal tracker tokn expired"]
    in_memory = [search(text) for text in texts]
    assert snapshot._counts["body"]  # this path ran
    words = list(snapshot.reader.field_terms("body"))
    assert {w: snapshot.frequency("body", w) for w in words} == {
        w: snapshot.reader.doc_frequency("body", w) for w in words
    }
    _without_memory(monkeypatch)
    assert all(r.results for r in in_memory) and [search(t) for t in texts] == in_memory


def test_the_ranking_cap_grows_with_the_index(content, settings, monkeypatch):
    """Past the cap only the newest matches are ranked, so the cap is a share of the index: on
    100,000 scenarios a common query looks back over 6,000 matches, not the 2,000 that kept the
    oldest scenarios (the seed answers among them) out; up to 33,000 it stays at 2,000."""
    _use(settings, "sqlite")
    snapshot = reader.searcher()
    for size, cap in ((14, 2000), (10_000, 2000), (50_000, 3000), (100_000, 6000), (10**6, 6000)):
        monkeypatch.setattr(snapshot, "_doc_count", size)
        assert snapshot._score_cap() == cap


def _capped_snapshot(monkeypatch):
    """A fresh snapshot that ranks only the newest 3 matches of a tier (the seed content has
    14) and reads its postings from the index, not from memory."""
    monkeypatch.setattr(tuning, "SCORE_CAP", 3)
    monkeypatch.setattr(tuning, "SCORE_CAP_MAX", 3)
    monkeypatch.setattr(sqlite_snapshot, "POSTINGS_IN_MEMORY_DOCS", 0)
    reader.reset()
    return reader.searcher()


def test_a_rare_word_finds_its_documents_however_many_newer_ones_hold_a_common_one(
    content, settings, monkeypatch
):
    """Looser matches (any word) past the cap: the documents with the rarest words are ranked
    in full first. "password" is in the oldest scenario only, "legal" in all 14: with a cap of
    3 the newest three holding either word used to be all that was ranked."""
    _use(settings, "sqlite")
    snapshot = _capped_snapshot(monkeypatch)
    assert snapshot.frequency("body", "password") == 1 < snapshot.frequency("body", "legal")
    concepts = [[(("legal",), 1.0)], [(("password",), 1.0)]]
    found = snapshot.match(concepts, any_of=True, limit=2)
    slugs = [doc["slug"] for doc in snapshot.stored_many(found).values()]
    assert "connection-credentials" in slugs
    assert len(found) == 2


def _candidates(monkeypatch, phrase_min_terms, words=("user", "legal", "account"), slack=1):
    """The candidates for "user legal account" (or `words`) with a ranking cap of 3, as slugs."""
    monkeypatch.setattr(tuning, "PHRASE_MIN_TERMS", phrase_min_terms)
    monkeypatch.setattr(tuning, "PHRASE_SLACK", slack)
    snapshot = _capped_snapshot(monkeypatch)
    concepts = [[((term,), 1.0)] for term in words]
    found = snapshot.match(concepts, limit=4)
    return {doc["slug"] for doc in snapshot.stored_many(found).values()}


def test_documents_quoting_the_query_are_candidates_however_many_newer_ones_hold_its_words(
    content, settings, monkeypatch
):
    """Eight seed scenarios hold "user", "legal" and "account"; the oldest alone says them in a
    row ("the admin user's Legal Accounting username"). With a ranking cap of 3, bm25 ranks only
    the newest three matches: a quote is looked for as a phrase first, on top of those."""
    _use(settings, "sqlite")
    assert "connection-credentials" in _candidates(monkeypatch, phrase_min_terms=3)


def test_without_the_phrase_tier_the_newest_matches_crowd_the_oldest_quote_out(
    content, settings, monkeypatch
):
    _use(settings, "sqlite")
    assert "connection-credentials" not in _candidates(monkeypatch, phrase_min_terms=99)


def test_documents_quoting_all_but_one_query_word_in_a_row_are_candidates_too(
    content, settings, monkeypatch
):
    """For "user legal account email", the oldest scenario says "user", "legal", "account" in a
    row and "email" elsewhere, which the rerank rewards as a quote (tuning.RUN_SLACK); the phrase
    tier looks for the query less a word at either end too, so bm25's newest three don't crowd
    it out. ("client ledger report permission" at 100k: the seed answer, which would rank
    first, was no candidate among 291 matches.)"""
    _use(settings, "sqlite")
    words = ("user", "legal", "account", "email")
    assert "connection-credentials" in _candidates(monkeypatch, 3, words)
    assert "connection-credentials" not in _candidates(monkeypatch, 3, words, slack=0)


def test_the_phrase_tier_stays_within_the_conjunction(content, settings, monkeypatch):
    """The shorter phrases are asked for together with every word: the oldest scenario quotes
    "user legal account" but never says "check", so it is no candidate for "user legal account
    check" (the total counts the documents holding every word, and the candidates are those)."""
    _use(settings, "sqlite")
    words = ("user", "legal", "account", "check")
    found = _candidates(monkeypatch, 3, words)
    assert found and "connection-credentials" not in found


def test_tiers_within_a_conjunction_of_few_matches_take_no_window_of_their_own(
    content, settings, monkeypatch
):
    """The term counts say up to five scenarios hold "exterro" and "user" (more than a cap of
    3), but two do: one pass over the conjunction shows no tier needs the newest-3 window, where
    each tier used to make that pass again."""
    _use(settings, "sqlite")
    snapshot = _capped_snapshot(monkeypatch)
    statements = []
    rows = snapshot._rows
    monkeypatch.setattr(snapshot, "_rows", lambda sql, *p: statements.append(sql) or rows(sql, *p))
    found = snapshot.match([[(("exterro",), 1.0)], [(("user",), 1.0)]], limit=2)
    windows = [sql for sql in statements if "ORDER BY rowid DESC" in sql]
    assert len(found) == 2
    assert len(windows) == 1
    both = rows('SELECT rowid FROM fts WHERE fts MATCH \'"exterro" AND "user"\'')
    assert sorted(found) == sorted(d for (d,) in both)


def test_a_forked_worker_opens_its_own_index_connection(content, settings, monkeypatch):
    """gunicorn --preload opens the index in the master, then forks workers: a worker must not
    use the master's SQLite connection (SQLite forbids it) and still answers."""
    import os

    _use(settings, "sqlite")
    snapshot = reader.searcher()
    parents = snapshot._conn()
    monkeypatch.setattr(os, "getpid", lambda: -1)  # now "in the child"
    assert snapshot._conn() is not parents
    assert _top("webhook not configured") == "tr-webhook-not-configured"


def _rarest_in_head_candidates(monkeypatch, share):
    monkeypatch.setattr(tuning, "RAREST_HEAD_SHARE", share)
    monkeypatch.setattr(sqlite_snapshot, "POSTINGS_IN_MEMORY_DOCS", 0)
    reader.reset()
    snapshot = reader.searcher()
    found = snapshot.match([[(("status",), 1.0)], [(("check",), 1.0)]], limit=4)
    return {doc["slug"] for doc in snapshot.stored_many(found).values()}


def test_documents_with_every_word_in_their_steps_keep_places_among_the_candidates(
    content, settings, monkeypatch
):
    """Six seed scenarios hold "status" and "check"; four say "status" in their title or
    symptom, and none says both there. "Check the Integration User status" is a step of
    tr-access-token-expired: bm25 over every match keeps half the places, so the tier of the
    rarest word in the title or symptom no longer takes them all (at 100k, "enable integration
    checkbox matter team" lost its answer, whose field names hold those words, to 60 scenarios
    saying "billing team" in their symptom)."""
    _use(settings, "sqlite")
    assert "tr-access-token-expired" in _rarest_in_head_candidates(monkeypatch, 0.5)
    assert "tr-access-token-expired" not in _rarest_in_head_candidates(monkeypatch, 1.0)


def _bm25_asked(settings, monkeypatch):
    """A fresh snapshot reading its postings from the index, and the list of the tiers it asks
    bm25 to rank, as they are asked."""
    _use(settings, "sqlite")
    monkeypatch.setattr(sqlite_snapshot, "POSTINGS_IN_MEMORY_DOCS", 0)
    reader.reset()
    return reader.searcher(), _recorded(monkeypatch, "_ranked")


@pytest.mark.parametrize(
    "words",
    [("contact",), ("contact", "sync"), ("user", "legal", "account"), ("legal", "integr")],
)
@pytest.mark.parametrize("limit", [2, 4, 8])
def test_a_tier_of_few_matches_goes_in_whole_and_the_candidates_stay_the_same(
    content, settings, monkeypatch, words, limit
):
    """A tier with no more matches than the candidates it may take goes in whole, unranked:
    the candidates are exactly those bm25 ranking every tier gives (best_first), and bm25,
    which first counts every term's documents, is asked less often."""
    snapshot, asked = _bm25_asked(settings, monkeypatch)
    concepts = [[((word,), 1.0)] for word in words]
    quick = snapshot.match(concepts, limit=limit)
    asked_quick = len(asked)
    best_first = snapshot.match(concepts, limit=limit, best_first=True)
    assert sorted(quick) == sorted(best_first) and quick
    assert asked_quick <= len(asked) - asked_quick


def test_tiers_taken_whole_skip_bm25(content, settings, monkeypatch):
    """ "contact" and "sync" (5 and 3 scenarios, 1 with both): every tier is taken whole, so
    bm25 is never asked, where ranking each tier asked it three times."""
    snapshot, asked = _bm25_asked(settings, monkeypatch)
    concepts = [[(("contact",), 1.0)], [(("sync",), 1.0)]]
    assert len(snapshot.match(concepts, limit=2)) == 1 and not asked
    assert snapshot.match(concepts, limit=2, best_first=True) and len(asked) == 3
