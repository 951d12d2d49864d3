"""Outcomes that rank (kb/feedback/learning.py, kb/search/learned.py): a scenario visitors
confirmed for the same words ranks higher, bounded, and no one visitor, address or burst can
move a ranking."""

from datetime import timedelta

import pytest

from kb.feedback.learning import refresh
from kb.models import LearnedBoost, Scenario
from kb.search import search
from kb.search.evaluation import evaluate, read_queries

from .learning_support import days_ago, logged

QUERY = "contact not syncing"


def slugs(query=QUERY):
    return [hit.slug for hit in search(query).results]


@pytest.fixture
def runner_up(searchable):
    """The scenario second for QUERY today: the one the confirmations try to lift."""
    order = slugs()
    return Scenario.objects.get(slug=order[1])


def confirm(scenario, visitor, address, when, query=QUERY):
    logged(query, visitor, clicked=scenario, when=when, address=address, fixed=True)


def genuine(scenario, n=3, query=QUERY, age_days=1):
    for i in range(n):
        confirm(scenario, f"genuine{i}", f"203.0.{113 + i}.5",
                days_ago(age_days + i) , query)  # fmt: skip


def test_three_genuine_visitors_on_distinct_networks_move_the_ranking(runner_up):
    before = slugs()
    genuine(runner_up)
    assert refresh() == 1
    after = slugs()
    assert after[0] == runner_up.slug and before[0] != runner_up.slug
    assert sorted(after) == sorted(before)  # reordered, nothing added or removed
    # The same words typed differently count as the same query.
    assert slugs("Contact won't sync")[0] == runner_up.slug


def test_one_visitor_voting_500_times_moves_nothing(runner_up):
    before = slugs()
    for i in range(500):
        confirm(runner_up, "attacker", f"10.{i // 250}.{i % 250}.1", days_ago(i / 100))
    refresh()
    assert slugs() == before
    assert not LearnedBoost.objects.exists()


def test_many_visitor_ids_on_one_address_move_nothing(runner_up):
    before = slugs()
    for i in range(200):
        confirm(runner_up, f"cookie{i}", "192.0.2.77", days_ago(i / 10))
    refresh()
    assert slugs() == before


def test_a_burst_from_many_addresses_within_a_minute_moves_nothing(runner_up):
    before = slugs()
    start = days_ago(1)
    for i in range(100):
        confirm(runner_up, f"bot{i}", f"100.{i}.{i}.1", start + timedelta(seconds=i * 0.5))
    refresh()
    assert slugs() == before


def test_too_few_genuine_visitors_move_nothing(runner_up):
    before = slugs()
    genuine(runner_up, n=2)
    refresh()
    assert slugs() == before


def test_a_scenario_that_does_not_match_is_never_added(searchable):
    unrelated = Scenario.objects.get(slug="tr-access-token-expired")
    assert unrelated.slug not in slugs()
    before = slugs()
    genuine(unrelated, n=5)
    assert refresh() == 1
    assert slugs() == before


def test_the_boost_is_capped_at_a_share_of_the_top_score(runner_up):
    from kb.search import tuning

    before = {hit.slug: hit.score for hit in search(QUERY).results}
    genuine(runner_up, n=40)
    refresh()
    after = {hit.slug: hit.score for hit in search(QUERY).results}
    gained = after[runner_up.slug] - before[runner_up.slug]
    assert 0 < gained <= tuning.LEARNED_MAX_SHARE * max(before.values()) + 1e-9


def test_old_confirmations_decay(runner_up, settings):
    settings.KB_LEARNED_HALF_LIFE_DAYS = 90
    settings.KB_SEARCH_LOG_RETENTION_DAYS = 2000
    before = slugs()
    genuine(runner_up, age_days=900)  # ten half-lives: 3 visitors weigh 3 / 1024
    refresh()
    assert LearnedBoost.objects.get().evidence == pytest.approx(3 * 0.5**10, rel=0.05)
    assert slugs() == before


def test_the_setting_turns_it_off(runner_up, settings):
    before = slugs()
    genuine(runner_up)
    refresh()
    settings.KB_LEARNED_RANKING = False
    assert slugs() == before
    settings.KB_LEARNED_RANKING = True
    assert slugs()[0] == runner_up.slug


def test_the_table_is_reread_at_most_every_refresh_interval(runner_up, settings):
    from kb.feedback.learning import tallies

    settings.KB_LEARNED_REFRESH_SECONDS = 3600
    before = slugs()  # the (empty) table is read now
    genuine(runner_up)
    # Another process rewrites the table: this one sees it only once the interval is over.
    LearnedBoost.objects.bulk_create(
        LearnedBoost(terms=form, scenario_id=scenario, evidence=t.evidence,
                     visitors=len(t.visitors), networks=t.networks)
        for (form, scenario), t in tallies().items()
    )  # fmt: skip
    assert slugs() == before
    settings.KB_LEARNED_REFRESH_SECONDS = 0
    assert slugs()[0] == runner_up.slug


def test_with_no_usage_data_every_figure_is_todays(searchable, settings):
    queries = read_queries("tests/data/vocab_queries.tsv")
    on = evaluate(queries)
    settings.KB_LEARNED_RANKING = False
    off = evaluate(queries)
    assert (on.top1, on.mrr5, on.recall3) == (off.top1, off.mrr5, off.recall3)
    assert [m.got for m in on.misses] == [m.got for m in off.misses]
