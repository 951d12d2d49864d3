"""The change feed is pruned, and a server that missed pruned changes rebuilds before serving."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from kb.models import IndexChange, Scenario
from kb.search import index, reader, search


def age_feed(days):
    IndexChange.objects.update(created_at=timezone.now() - timedelta(days=days))


def test_prune_deletes_old_rows_but_keeps_the_newest(content):
    Scenario.objects.get(slug="user-not-matched").save()
    Scenario.objects.get(slug="time-entry-cannot-save").save()
    age_feed(30)
    Scenario.objects.get(slug="contact-not-synced-la").save()  # a fresh row
    fresh = IndexChange.objects.latest("id").id

    call_command("kb_prune_index_feed", "--keep-days", "7", verbosity=0)

    assert list(IndexChange.objects.values_list("id", flat=True)) == [fresh]
    age_feed(30)
    call_command("kb_prune_index_feed", "--keep-days", "7", verbosity=0)
    assert IndexChange.objects.count() == 1  # the head is never deleted


def test_server_that_missed_pruned_changes_rebuilds_when_it_starts(searchable, settings):
    settings.KB_SEARCH_CATCHUP_SECONDS = 10_000  # no catching up: only a rebuild can help
    assert search("legal tracker access token").results[0].slug == "tr-access-token-expired"
    # While this server is down, an editor renames a scenario's symptom and the rows age out.
    Scenario.objects.filter(slug="user-not-matched").update(symptom="Wombat badge mismatch")
    IndexChange.objects.create(scenario_id=Scenario.objects.get(slug="user-not-matched").pk)
    IndexChange.objects.create(scenario_id=Scenario.objects.get(slug="time-entry-cannot-save").pk)
    age_feed(30)
    IndexChange.objects.create(scenario_id=Scenario.objects.get(slug="time-entry-cannot-save").pk)
    IndexChange.objects.filter(id__lt=IndexChange.objects.latest("id").id).delete()  # pruned
    # ... which leaves the index's cursor below everything the feed still has.
    assert index.feed_pruned_past(index.current_generation())

    reader.reset()  # the server starts again: a new process opens the index

    assert search("wombat badge").results[0].slug == "user-not-matched"


def test_current_server_does_not_rebuild_after_a_prune(searchable):
    search("contact")
    Scenario.objects.get(slug="user-not-matched").save()
    search("contact")  # applies the change
    age_feed(30)
    call_command("kb_prune_index_feed", verbosity=0)
    assert not index.feed_pruned_past(index.current_generation())
