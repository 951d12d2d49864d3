"""Searches and result clicks written behind (kb/feedback/searchlog.py): a result link works
before its search is written, live typing stays one row whichever worker serves a keystroke,
nothing is lost at a flush or a clean shutdown, and no visitor can overwrite another's row."""

import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest
from django.db import connection

from kb.feedback import searchlog
from kb.models import SearchLog

from .support import as_visitor, new_visitor

LINK = re.compile(r'href="(/s/([\w-]+)/\?sl=(\d+))"')


def _search(client, q, shown=None, current=""):
    """One keystroke's request, as htmx and kb.js send it."""
    headers = {"HX-Request": "true", "HX-Current-URL": current}
    if shown:
        headers[searchlog.HEADER] = str(shown)
    response = client.get("/search", {"q": q}, headers=headers)
    assert response.status_code == 200
    found = re.search(r'data-search-log="(\d+)"', response.content.decode())
    return int(found.group(1)), response.content.decode()


def _other_worker():
    """What this process holds, taken away as if another worker held it."""
    with searchlog._lock:
        rows = list(searchlog._rows.values())
        searchlog._rows.clear(), searchlog._latest.clear()
    return rows


def test_result_links_carry_the_id_the_search_is_written_under(client, content, batched):
    as_visitor(client, new_visitor())
    shown, html = _search(client, "contact not synced")
    assert not SearchLog.objects.exists()  # in memory until flushed
    link, slug, sl = LINK.search(html).groups()
    assert int(sl) == shown
    assert client.get(link).status_code == 200  # opened before the row is written
    assert searchlog.flush() == 1
    row = SearchLog.objects.get()
    assert (row.pk, row.normalized) == (shown, "contact not synced")
    assert row.clicked_scenario.slug == slug


def test_a_click_on_a_search_another_worker_holds_is_written_after_it(client, content, batched):
    as_visitor(client, new_visitor())
    shown, html = _search(client, "webhook not configured")
    held = _other_worker()
    link, slug, _ = LINK.search(html).groups()
    assert client.get(link).status_code == 200
    searchlog.flush()  # the row is not there yet: the click waits
    searchlog._write_rows(held)  # the other worker writes the search
    assert SearchLog.objects.get(pk=shown).clicked_scenario is None
    searchlog.flush()
    assert SearchLog.objects.get(pk=shown).clicked_scenario.slug == slug


@pytest.mark.parametrize("older_written_first", [True, False])
def test_live_typing_across_workers_is_one_row_with_the_last_words(
    client, content, batched, older_written_first
):
    as_visitor(client, new_visitor())
    first, _ = _search(client, "webh")
    held = _other_worker()  # the next keystroke goes to another worker
    second, _ = _search(client, "webhook not", shown=first, current="/search?q=webh")
    assert second == first
    if older_written_first:
        searchlog._write_rows(held)
        searchlog.flush()
    else:
        searchlog.flush()
        searchlog._write_rows(held)  # older: it never overwrites the newer words
    assert list(SearchLog.objects.values_list("pk", "normalized")) == [(first, "webhook not")]


def test_typing_on_one_worker_updates_the_row_in_memory(client, content, batched):
    as_visitor(client, new_visitor())
    ids = {_search(client, q)[0] for q in ["con", "contact", "contact won't sync"]}
    assert len(ids) == 1
    assert searchlog.flush() == 1
    assert SearchLog.objects.get().normalized == "contact won't sync"


def test_a_new_search_after_a_written_one_continues_or_not_by_its_words(
    client, content, batched
):
    as_visitor(client, new_visitor())
    first, _ = _search(client, "matter balances")
    searchlog.flush()
    again, _ = _search(client, "matter balances missing", shown=first)
    other, _ = _search(client, "token expired", shown=first)
    searchlog.flush()
    assert again == first and other != first
    assert sorted(SearchLog.objects.values_list("normalized", flat=True)) == [
        "matter balances missing", "token expired"]  # fmt: skip


def test_nobody_continues_or_overwrites_another_visitors_search(client, content, batched):
    as_visitor(client, new_visitor())
    theirs, _ = _search(client, "contact")
    searchlog.flush()
    as_visitor(client, new_visitor())  # someone else, naming that row
    mine, _ = _search(client, "contact sync", shown=theirs, current="/search?q=contact")
    searchlog.flush()
    assert mine != theirs
    assert SearchLog.objects.get(pk=theirs).normalized == "contact"
    # Written straight at that id (a forged upsert): the row stays as its visitor left it.
    forged = searchlog._Row(theirs, new_visitor(), {
        **{f: getattr(SearchLog.objects.get(pk=mine), f) for f in searchlog.FIELDS},
        "normalized": "forged"})  # fmt: skip
    assert searchlog._write_rows([forged])
    assert SearchLog.objects.get(pk=theirs).normalized == "contact"


def test_searches_that_could_not_be_written_are_written_by_the_next_flush(
    client, content, batched, monkeypatch
):
    as_visitor(client, new_visitor())
    _search(client, "legal tracker token")
    real = searchlog._write_rows
    monkeypatch.setattr(searchlog, "_write_rows", lambda rows: False)
    assert searchlog.flush() == 0
    monkeypatch.setattr(searchlog, "_write_rows", real)
    assert searchlog.flush() == 1
    assert SearchLog.objects.get().normalized == "legal tracker token"


def test_the_insights_page_shows_searches_still_in_memory(admin_client, content, batched):
    from django.test import Client

    visitor = as_visitor(Client(), new_visitor())
    _search(visitor, "unmatched users in accounting")
    page = admin_client.get("/admin/kb/insights/")
    assert page.status_code == 200
    assert "unmatched users in accounting" in page.content.decode()


def _typing(base: str, words: list[str]) -> int:
    """A browser typing into the live search: a cookie jar, and kb.js's headers."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(f"{base}/", timeout=30) as response:  # the visitor's cookie
        response.read()
    shown, current = None, f"{base}/"
    for typed in words:
        url = f"{base}/search?{urlencode({'q': typed})}"
        headers = {"HX-Request": "true", "HX-Current-URL": current}
        if shown:
            headers[searchlog.HEADER] = shown
        with opener.open(urllib.request.Request(url, headers=headers), timeout=30) as response:
            html = response.read().decode()
        shown = re.search(r'data-search-log="(\d+)"', html).group(1)
        current = url
    return int(shown)


@pytest.mark.slow
def test_no_search_is_lost_or_split_under_gunicorn(
    transactional_db, content, tmp_path, monkeypatch
):
    from tests.operations.scale_out_support import database_url, start_node, wait_serving

    monkeypatch.setenv("KB_FEEDBACK_FLUSH_SECONDS", "3")
    node = start_node("searches", database_url(connection), tmp_path, workers=3)
    base = f"http://127.0.0.1:{node.port}"
    words = ["con", "contact", "contact not", "contact not syncing"]
    try:
        wait_serving(node, "matter")
        with ThreadPoolExecutor(6) as pool:
            ids = list(pool.map(lambda _: _typing(base, words), range(30)))
    finally:
        node.stop()  # SIGTERM: the workers write what they still hold as they exit
    assert node.process.returncode == 0, node.log.read_text()[-2000:]
    rows = dict(SearchLog.objects.values_list("pk", "normalized"))
    assert len(set(ids)) == 30  # one row per visitor's typing, whichever worker served it
    assert rows == {pk: "contact not syncing" for pk in ids}
