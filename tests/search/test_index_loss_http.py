"""Index loss while the app serves: the index directory deleted, emptied or its files
corrupted. The next search through HTTP (the JSON API and the HTML page, full and fragment)
answers with the right results, rebuilding first, and a warning is logged.

tests/search/test_search_lifecycle.py covers the same faults through kb.search directly.
"""

import logging
import shutil

import pytest

from kb.search import index, reader

TOP = "tr-webhook-not-configured"


def _delete(base):
    shutil.rmtree(base)


def _empty(base):
    for path in list(base.iterdir()):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _corrupt(base):
    gen = index.current_generation(base)
    for path in gen.iterdir():
        if index.is_index_file(path):
            path.write_bytes(b"\x00garbage" * 10)


def _truncate(base):
    gen = index.current_generation(base)
    for path in gen.iterdir():
        if index.is_index_file(path):
            path.write_bytes(path.read_bytes()[: max(1, path.stat().st_size // 2)])


REOPENED = {"corrupted", "truncated"}
FAULTS = {"deleted": _delete, "emptied": _empty, "corrupted": _corrupt, "truncated": _truncate}
ROUTES = {
    "api": ("/api/search", {}),
    "page": ("/search", {}),
    "fragment": ("/search", {"HTTP_HX_REQUEST": "true"}),
}


def _top_slug(client, route):
    path, extra = ROUTES[route]
    response = client.get(path, {"q": "webhook not configured"}, **extra)
    assert response.status_code == 200, (route, response.status_code)
    if route == "api":
        return response.json()["results"][0]["slug"]
    return TOP if f"/s/{TOP}/" in response.content.decode() else None


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("fault", FAULTS)
def test_lost_index_is_rebuilt_before_the_next_search_answers(
    content, client, caplog, search_index_dir, fault, route
):
    assert _top_slug(client, route) == TOP  # the app is serving from its index
    FAULTS[fault](search_index_dir)
    if fault in REOPENED:
        # Whoosh keeps the index it opened in memory, so damaged files are met by the next
        # worker that opens them (a restart, a new gunicorn worker): this process plays it.
        reader.reset()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="kb.search"):
        assert _top_slug(client, route) == TOP
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any("rebuild" in r.getMessage() for r in warnings), caplog.text
    assert index.current_generation(search_index_dir) is not None
