"""Suggested synonyms (kb/feedback/suggestions.py): pairs of words from visitors who searched
again in other words and found their fix; accepted or dismissed by an editor in one click."""

import zlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone

from kb.feedback import suggestions
from kb.models import DismissedSuggestion, Scenario, Synonym
from kb.search import search

from .learning_support import days_ago, logged

URL = "/admin/kb/insights/suggestions/"
DECIDE = "/admin/kb/insights/suggestions/decide/"


@pytest.fixture
def scenario(searchable):
    return Scenario.objects.get(slug="contact-not-synced-pm")


def retried(first, second, visitors, scenario, *, gap=timedelta(minutes=2), first_results=0,
            fixed=True):  # fmt: skip
    """Each visitor searched `first`, found nothing useful, then `second` and opened `scenario`."""
    for n in range(visitors):
        when = days_ago(1) + timedelta(hours=n)
        visitor = f"{zlib.crc32(f'{first}/{second}'.encode()):x}-{n}"  # each call's own visitors
        logged(first, visitor, results=first_results, when=when, address=f"198.51.{n}.7")
        logged(second, visitor, clicked=scenario, when=when + gap, fixed=fixed,
               address=f"198.51.{n}.7")  # fmt: skip


def pairs(**kwargs):
    return [(s.source_text, s.target_text) for s in suggestions.suggestions(**kwargs)]


def test_three_visitors_who_retried_in_other_words_make_a_suggestion(scenario):
    retried("rolodex wont sync", "contact not syncing", 3, scenario)
    [found] = suggestions.suggestions()
    assert (found.source_text, found.target_text, found.visitor_count) == ("rolodex", "contact", 3)
    assert found.examples[0] == ("rolodex wont sync", "contact not syncing")


def test_fewer_visitors_than_the_minimum_show_nothing(scenario, settings):
    retried("rolodex wont sync", "contact not syncing", 2, scenario)
    assert pairs() == []
    settings.KB_SYNONYM_SUGGESTION_MIN_VISITORS = 2
    assert pairs() == [("rolodex", "contact")]


def test_one_visitor_repeating_the_retry_counts_once(scenario):
    for n in range(5):
        when = days_ago(1) + timedelta(hours=n)
        logged("rolodex wont sync", "same", results=0, when=when)
        logged("contact not syncing", "same", clicked=scenario, when=when + timedelta(minutes=1))
    assert pairs(min_visitors=2) == []


def test_a_retry_after_the_window_is_a_new_problem(scenario):
    retried("rolodex wont sync", "contact not syncing", 3, scenario, gap=timedelta(minutes=11))
    assert pairs() == []


def test_a_retry_that_didnt_help_either_is_no_evidence(scenario):
    retried("rolodex wont sync", "contact not syncing", 3, scenario, fixed=False)
    assert pairs() == []


def test_never_pairs_a_negation_with_its_opposite(scenario):
    retried("contact syncing", "contact not syncing", 3, scenario, first_results=4)
    retried("sync enabled", "sync disabled", 3, scenario)
    retried("contact synced", "contact unsynced", 3, scenario)
    retried("contact never syncs", "contact sync fails", 3, scenario)
    assert pairs() == []


def test_no_side_is_longer_than_three_words(scenario):
    retried("status light card stays amber wont sync", "contact record status indicator error", 3,
            scenario)  # fmt: skip
    retried("rolodex card index box wont sync", "contact not syncing", 3, scenario)
    found = suggestions.evidence()
    assert found and all(len(side.split()) <= 3 for key in found for side in key), found


def test_no_suggestion_routes_a_phrase_to_a_scenario_title(scenario):
    retried("rolodex", scenario.title, 3, scenario)
    retried("rolodex", scenario.slug.replace("-", " "), 3, scenario)
    assert pairs() == []


def test_a_word_with_two_equally_supported_meanings_is_not_suggested(scenario):
    retried("rolodex wont sync", "contact not syncing", 3, scenario)
    retried("rolodex sync", "matter sync", 3, scenario)
    assert pairs() == []


def test_stop_words_are_never_suggested(scenario):
    retried("the rolodex please", "contact", 3, scenario)
    assert pairs() == [("rolodex", "contact")]
    retried("contact with", "contact", 3, scenario)  # differs only by a stop word: no pair
    assert pairs() == [("rolodex", "contact")]


def test_accepting_adds_a_synonym_group_that_applies_at_the_next_search(editor_client, scenario):
    retried("rolodex wont sync", "contact not syncing", 3, scenario)
    before = [hit.slug for hit in search("rolodex wont sync").results]
    assert "contact-not-synced-pm" not in before[:1]
    response = editor_client.post(
        DECIDE, {"source": "rolodex", "target": "contact", "action": "accept"}
    )
    assert response.status_code == 303
    group = Synonym.objects.get(terms__contains="rolodex")
    today = timezone.localdate().isoformat()
    in_source = group.source if "rolodex" in group.terms.split(",")[0] else group.note
    assert f"suggested from search log, accepted by edna on {today}" in in_source
    after = [hit.slug for hit in search("rolodex wont sync").results]
    assert after[0] in ("contact-not-synced-pm", "contact-not-synced-la")
    assert pairs() == []  # now one group: no longer suggested


def test_dismissed_pairs_are_never_suggested_again(editor_client, scenario):
    retried("rolodex wont sync", "contact not syncing", 3, scenario)
    editor_client.post(DECIDE, {"source": "rolodex", "target": "contact", "action": "dismiss"})
    assert DismissedSuggestion.objects.filter(source="rolodex", target="contact").exists()
    retried("rolodex sync", "contact sync", 3, scenario)
    assert pairs() == []
    assert not Synonym.objects.filter(terms__contains="rolodex").exists()


def test_the_page_lists_evidence_escaped(editor_client, scenario):
    retried("<b>rolodex</b> wont sync", "contact not syncing", 3, scenario)
    body = editor_client.get(URL).content.decode()
    assert "&lt;b&gt;rolodex&lt;/b&gt; wont sync" in body and "<b>rolodex" not in body
    assert 'value="accept"' in body


def test_deciding_needs_csrf_and_the_synonym_permissions(editor, scenario):
    retried("rolodex wont sync", "contact not syncing", 3, scenario)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    data = {"source": "rolodex", "target": "contact", "action": "accept"}
    assert strict.post(DECIDE, data).status_code == 403
    reader = User.objects.create_user("reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_insights"))
    client = Client()
    client.force_login(reader)
    assert client.get(URL).status_code == 200
    assert client.post(DECIDE, data).status_code == 403
    assert client.get(DECIDE).status_code in (403, 405)
    assert not Synonym.objects.filter(terms__contains="rolodex").exists()


def test_a_pair_no_longer_suggested_is_refused_with_a_message(editor_client, scenario):
    response = editor_client.post(
        DECIDE, {"source": "rolodex", "target": "contact", "action": "accept"}, follow=True
    )
    assert "no longer suggested" in response.content.decode()
    assert not Synonym.objects.filter(terms__contains="rolodex").exists()
