"""Search insights (kb/feedback/insights.py, kb/admin/insights.py): the search log grouped by
analysed form, for staff with the insights permission only."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission, User

from kb.models import Scenario

from .learning_support import days_ago, logged

URL = "/admin/kb/insights/"


@pytest.fixture
def scenario(content):
    return Scenario.objects.get(slug="contact-not-synced-pm")


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_the_insights_permission_are_refused(client, db):
    client.force_login(User.objects.create_user("intern", is_staff=True))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "?export=top").status_code == 403


def test_a_staff_member_granted_only_the_insights_permission_may_read(client, db):
    user = User.objects.create_user("analyst", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_insights"))
    client.force_login(user)
    assert client.get(URL).status_code == 200


def test_queries_group_by_their_analysed_form_with_distinct_visitors(editor_client, scenario):
    logged("Contact won't sync", "v1", clicked=scenario)
    logged("contact not syncing", "v2")
    logged("contact not syncing", "v2")
    logged("matter balance", "v3", results=0)
    response = editor_client.get(URL)
    top = response.context["tables"][0][2]
    row = next(r for r in top if r.form == "contact sync")
    assert (row.searches, row.visitor_count) == (3, 2)
    assert set(row.example_queries) == {"Contact won't sync", "contact not syncing"}
    assert row.scenario_titles == [scenario.title]
    assert top[0].form == "contact sync"  # the most visitors first


def test_each_table_holds_its_own_kind_of_search(editor_client, scenario):
    logged("client number gone", "v1", results=0)
    logged("contact numbering", "v2")  # results, never opened
    logged("contact sync", "v3", clicked=scenario, fixed=False)  # opened, then "No"
    logged("contact sync", "v4", clicked=scenario, fixed=True)
    tables = {kind: rows for kind, _, rows in editor_client.get(URL).context["tables"]}
    assert [r.form for r in tables["zero"]] == ["client number gone"]
    assert [r.form for r in tables["unopened"]] == ["contact number"]
    unhelpful = tables["unhelpful"]
    assert [(r.form, r.visitor_count) for r in unhelpful] == [("contact sync", 1)]


def test_didnt_help_counts_only_the_same_visitors_answer(editor_client, scenario):
    logged("contact sync", "v1", clicked=scenario)
    logged("other words", "v2", clicked=scenario, fixed=False)  # someone else's "No"
    tables = {kind: rows for kind, _, rows in editor_client.get(URL).context["tables"]}
    assert [r.form for r in tables["unhelpful"]] == ["other word"]


def test_trend_counts_searches_per_week_over_the_last_eight_weeks(editor_client, db):
    for days in (1, 2, 8, 50, 70):
        logged("ledger", f"v{days}", when=days_ago(days))
    row = editor_client.get(URL).context["tables"][0][2][0]
    # Weeks oldest first, this week last; day 50 is in the trend though outside the 30-day range.
    assert row.weekly == [1, 0, 0, 0, 0, 0, 1, 2]
    assert row.searches == 3


def test_date_range_filters_the_tables(editor_client, db):
    logged("ledger", "v1", when=days_ago(40))
    logged("invoice", "v2", when=days_ago(1))
    start = days_ago(45).date().isoformat()
    end = days_ago(30).date().isoformat()
    rows = editor_client.get(f"{URL}?start={start}&end={end}").context["tables"][0][2]
    assert [r.form for r in rows] == ["ledger"]


def test_queries_are_escaped_on_the_page(editor_client, db):
    logged("<script>alert(1)</script> ledger", "v1")
    body = editor_client.get(URL).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ledger" in body


def test_csv_export_of_each_table_is_spreadsheet_safe(editor_client, db):
    logged("=HYPERLINK(evil) ledger", "v1", results=0)
    logged("+cmd ledger", "v2", results=0)
    for kind in ("top", "zero", "unopened", "unhelpful"):
        response = editor_client.get(f"{URL}?export={kind}")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(
        editor_client.get(f"{URL}?export=zero").content.decode("utf-8-sig")
    )))
    assert rows[0][:3] == ["Analysed query", "Searches", "Distinct visitors"]
    examples = rows[1][4]
    assert examples.startswith("'") and not any(r[4].startswith(("=", "+", "-", "@")) for r in rows)


def test_unknown_export_is_a_404_not_a_500(editor_client, db):
    assert editor_client.get(f"{URL}?export=nope").status_code == 404
