"""Content gaps (kb/feedback/gaps.py) and the privacy of the search log: pseudonymous
visitors, keyed network hashes, retention, staff-only pages."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from kb.feedback.network import network_of_address
from kb.models import Scenario, SearchLog

from .learning_support import days_ago, logged

GAPS = "/admin/kb/insights/gaps/"


@pytest.fixture
def scenario(content):
    return Scenario.objects.get(slug="contact-not-synced-pm")


def test_unanswered_queries_cluster_by_shared_terms_with_a_prefilled_draft(editor_client, scenario):
    logged("client number gone", "v1", results=0)
    logged("client number missing", "v2", results=0)
    logged("client number gone", "v3", results=2)  # results, never opened
    logged("contact sync", "v4", clicked=scenario)  # answered: no gap
    response = editor_client.get(GAPS)
    [gap] = response.context["gaps"]
    assert gap.visitor_count == 3 and gap.searches == 3
    assert set(gap.examples) == {"client number gone", "client number missing"}
    url = urlparse(gap.draft_url)
    assert url.path == "/admin/kb/scenario/add/"
    prefill = parse_qs(url.query)
    assert prefill["title"] == ["Client number gone"]
    assert "client number missing" in prefill["symptom"][0]
    form = editor_client.get(gap.draft_url).context["adminform"].form
    assert form.initial["title"] == "Client number gone"
    assert "client number missing" in form.initial["symptom"]


def test_gaps_are_staff_only(client, db):
    assert client.get(GAPS).status_code == 302
    client.force_login(User.objects.create_user("intern", is_staff=True))
    assert client.get(GAPS).status_code == 403


def test_visitor_ids_are_random_not_derived_from_the_client(client, db):
    ids = []
    for _ in range(2):
        client.cookies.clear()
        client.get("/search?q=contact", REMOTE_ADDR="192.0.2.5", HTTP_USER_AGENT="same")
        ids.append(SearchLog.objects.order_by("-created_at").values_list("visitor", flat=True)[0])
    assert ids[0] != ids[1] and all(len(v) == 32 for v in ids)


def test_the_search_log_stores_a_keyed_network_hash_never_the_address(client, db, settings):
    client.get("/search?q=contact", REMOTE_ADDR="192.0.2.5")
    row = SearchLog.objects.get()
    assert row.network == network_of_address("192.0.2.77")  # the same /24
    assert row.network != network_of_address("192.0.3.5")
    stored = " ".join(str(v) for v in SearchLog.objects.values_list().get())
    assert "192.0.2" not in stored
    settings.SECRET_KEY = "another secret entirely, for this test only"
    assert network_of_address("192.0.2.5") != row.network  # keyed: not a plain hash


def test_ipv6_clients_share_a_hash_per_64(db):
    assert network_of_address("2001:db8:1:2::1") == network_of_address("2001:db8:1:2:ffff::9")
    assert network_of_address("2001:db8:1:3::1") != network_of_address("2001:db8:1:2::1")
    assert network_of_address("not an address") == ""


def test_pruning_deletes_rows_past_retention_and_is_idempotent(db, settings, capsys):
    settings.KB_SEARCH_LOG_RETENTION_DAYS = 30
    logged("old", "v1", when=days_ago(31))
    logged("recent", "v2", when=days_ago(29))
    call_command("kb_prune_feedback")
    assert list(SearchLog.objects.values_list("query", flat=True)) == ["recent"]
    call_command("kb_prune_feedback")
    assert SearchLog.objects.count() == 1
    assert "Deleted 0" in capsys.readouterr().out
