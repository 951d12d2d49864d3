"""The change feed: ids skipped by a still-open transaction are looked for again, synonyms
load idempotently from their fixture, and editors can manage them in the admin."""

from django.core.management import call_command

from kb.models import Synonym
from kb.search import index


def test_ids_skipped_by_an_open_transaction_are_looked_for_later():
    # PostgreSQL hands out ids before commit: 7 and 8 are visible while 6 is still open.
    cursor, gaps = index._advance(5, {}, [7, 8])
    assert cursor == 8 and set(gaps) == {6}
    cursor, gaps = index._advance(cursor, gaps, [6, 9])  # 6 committed later
    assert cursor == 9 and gaps == {}


def test_gaps_are_forgotten_after_a_while(monkeypatch):
    _, gaps = index._advance(5, {}, [7])
    monkeypatch.setattr(index.time, "time", lambda: 10**12)
    assert index._advance(7, gaps, [])[1] == {}


def test_synonym_fixture_loads_twice_without_duplicates(content):
    count = Synonym.objects.count()
    assert Synonym.objects.filter(key="practice-management", enabled=True).exists()
    call_command("kb_load_content", verbosity=0)
    assert Synonym.objects.count() == count


def test_editors_manage_synonyms_in_the_admin(admin_client, content):
    response = admin_client.get("/admin/kb/synonym/")
    assert response.status_code == 200
    assert b"practice-management" in response.content
    response = admin_client.post(
        "/admin/kb/synonym/add/",
        {"key": "invoice", "terms": "invoice, bill", "note": "", "enabled": "on"},
    )
    assert response.status_code == 302
    assert Synonym.objects.get(key="invoice").term_list == ["invoice", "bill"]
