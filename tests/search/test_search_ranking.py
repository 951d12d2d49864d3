"""Ranking behaviours a support agent relies on: their words, spellings and typos find the fix."""

import pytest

from kb.models import Synonym
from kb.search import search


def slugs(query, **kwargs):
    return [hit.slug for hit in search(query, **kwargs).results]


@pytest.fixture
def seeded(content):
    return content


def test_abbreviation_finds_what_the_synonym_names(seeded):
    assert slugs("LH acknowledgement missing")[0] == "tr-hold-ack-status-missing"
    assert slugs("contact not synced in PM")[0] == "contact-not-synced-pm"


def test_disabling_a_synonym_takes_effect_without_a_rebuild(seeded):
    assert slugs("PM")  # the content always says "Practice Management"
    synonym = Synonym.objects.get(key="practice-management")
    synonym.enabled = False
    synonym.save()
    assert slugs("PM") == []


def test_new_synonym_from_the_admin_table_expands_queries(seeded):
    assert slugs("zorgle") == []
    Synonym.objects.create(key="zorgle", terms="zorgle, webhook")
    assert slugs("zorgle")[0] == "tr-webhook-not-configured"


def test_misspelt_word_still_finds_its_scenario_and_suggests_the_spelling(seeded):
    response = search("legal traker acess token")
    assert response.results[0].slug == "tr-access-token-expired"
    assert response.suggestion == "legal tracker access token"


def test_swapped_letters_count_as_one_typo(seeded):
    response = search("webhook not cnofigured")
    assert response.results[0].slug == "tr-webhook-not-configured"
    assert response.suggestion == "webhook not configured"


def test_short_word_missing_a_letter_is_read_as_a_typo(seeded):
    response = search("legal tracker tokn")
    assert response.results[0].slug == "tr-access-token-expired"
    assert response.suggestion == "legal tracker token"
    assert "<mark>token</mark>" in response.results[0].snippet.lower()


def test_correct_query_has_no_suggestion(seeded):
    assert search("webhook not configured").suggestion is None


def test_word_forms_match_through_stemming(seeded):
    assert slugs("renumbering contacts")[0] == "contact-wrong-numbering-stream"
    assert slugs("scheduled sync jobs")[0] == "tr-sync-job-not-updating"


def test_british_and_american_spellings_meet(seeded):
    british = slugs("contact not synchronised")
    american = slugs("contact not synchronized")
    assert british[:2] == american[:2]
    assert set(british[:2]) == {"contact-not-synced-pm", "contact-not-synced-la"}
    assert slugs("legal hold acknowledgment")[0] == "tr-hold-ack-status-missing"


def test_two_words_typed_for_one_compound(seeded):
    assert slugs("web hook status")[0] == "tr-webhook-not-configured"


def test_snippet_marks_matched_words_and_escapes_markup(seeded):
    from kb.models import Scenario

    scenario = Scenario.objects.get(slug="user-not-matched")
    scenario.symptom = "A <script>alert(1)</script> user is not recognised as the same person."
    scenario.save()
    hit = search("user recognized", limit=1).results[0]
    assert hit.slug == "user-not-matched"
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>user</mark>" in hit.snippet
    assert "<mark>recognised</mark>" in hit.snippet  # British text, American query


def test_each_query_marks_its_own_words_in_a_result_that_queries_share(seeded):
    from kb.models import Scenario

    scenario = Scenario.objects.get(slug="user-not-matched")
    scenario.symptom = "A user is not recognised as the same person."
    scenario.save()
    first = search("user recognized", limit=1).results[0].snippet
    second = search("recognized person", limit=1).results[0].snippet
    assert "<mark>user</mark>" in first and "<mark>person</mark>" not in first
    assert "<mark>person</mark>" in second and "<mark>user</mark>" not in second
    assert "<mark>recognised</mark>" in first and "<mark>recognised</mark>" in second


def test_result_links_carry_the_sites_path_prefix(seeded):
    from django.urls import get_script_prefix, set_script_prefix

    before = get_script_prefix()
    set_script_prefix("/support/")
    try:
        hit = search("webhook", limit=1).results[0]
    finally:
        set_script_prefix(before)
    assert hit.url == "/support/s/tr-webhook-not-configured/"


def test_facets_count_matches_by_system_and_article(seeded):
    response = search("legal hold")
    articles = {f.value: f.count for f in response.facets["articles"]}
    assert articles["tr-legal-tracker-integration"] >= 1
    systems = {f.value: f for f in response.facets["systems"]}
    assert systems["thomson-reuters-legal-tracker"].label == "Thomson Reuters Legal Tracker"
    assert sum(articles.values()) == response.total
    for values in response.facets.values():  # the commonest first, then by name
        assert [(-f.count, f.label) for f in values] == sorted((-f.count, f.label) for f in values)


def test_filters_keep_only_the_chosen_system_and_article(seeded):
    only_la = search("contact not synced", systems=["actionstep-legal-accounting"])
    assert only_la.results and all(
        "actionstep-legal-accounting" in hit.system_slugs for hit in only_la.results
    )
    only_tr = search("matter", articles=["tr-legal-tracker-integration"])
    assert only_tr.results and {h.article_slug for h in only_tr.results} == {
        "tr-legal-tracker-integration"
    }


def test_hits_carry_what_a_result_list_shows(seeded):
    hit = search("webhook", limit=1).results[0]
    assert hit.url == "/s/tr-webhook-not-configured/"
    assert hit.article == "TR Integration Failure"
    assert hit.issue == "TR integration failure"
    assert hit.systems == ["Exterro Legal Hold"]
    assert hit.score > 0


def test_limit_caps_results_but_total_counts_all_matches(seeded):
    response = search("legal accounting", limit=2)
    assert len(response.results) == 2
    assert response.total > 2


def test_prefixed_form_of_an_indexed_word_matches(seeded):
    # The content says "authentication"; nobody wrote "reauthenticate".
    found = slugs("reauthenticate")
    assert "connection-credentials" in found
    assert found == slugs("authenticate")
