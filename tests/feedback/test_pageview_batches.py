"""Page views counted in memory and written in batches (kb/feedback/pageviews.py): every view a
visitor was served ends up in the day's row, from threads of one process, from the workers of a
server while it runs, and at a clean shutdown; the reports show them."""

import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from kb.feedback import pageviews, record_page_view
from kb.feedback.reports import article_rows
from kb.models import Article, PageView, Scenario

THREADS = 8
VIEWS_PER_THREAD = 250


def _views(**target) -> int:
    return PageView.objects.filter(**target).total()


def test_views_from_many_threads_are_all_written_by_one_flush(content, batched):
    scenario = Scenario.objects.get(slug="contact-not-synced-pm")
    article = scenario.issue.article

    def view(n):
        for _ in range(VIEWS_PER_THREAD):
            record_page_view(article, scenario if n % 2 else None)

    threads = [threading.Thread(target=view, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not PageView.objects.exists()  # in memory until flushed
    assert pageviews.flush() == THREADS * VIEWS_PER_THREAD
    half = THREADS // 2 * VIEWS_PER_THREAD
    assert _views(scenario=scenario) == half
    assert _views(article=article, scenario=None) == half
    assert pageviews.flush() == 0  # nothing written twice


def test_views_that_could_not_be_written_are_written_by_the_next_flush(
    content, batched, monkeypatch
):
    article = Article.objects.get(slug="tr-legal-tracker-integration")
    add = PageView.objects.add

    def broken(*args, **kwargs):
        raise DatabaseError("database is locked")

    for _ in range(3):
        record_page_view(article)
    monkeypatch.setattr(PageView.objects, "add", broken)
    assert pageviews.flush() == 0
    record_page_view(article)
    monkeypatch.setattr(PageView.objects, "add", add)
    assert pageviews.flush() == 4
    assert _views(article=article) == 4


def test_the_report_shows_views_still_in_memory(client, content, batched):
    scenario = Scenario.objects.get(slug="tr-webhook-not-configured")
    for _ in range(2):
        assert client.get(scenario.get_absolute_url()).status_code == 200
    today = timezone.localdate()
    rows = {row.article.pk: row for row in article_rows(today - timedelta(days=1), today)}
    assert rows[scenario.issue.article_id].scenario_views == 2


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        return response.status


@pytest.mark.slow
def test_no_view_is_lost_under_gunicorn_while_it_runs_and_at_shutdown(
    transactional_db, content, tmp_path, monkeypatch
):
    from tests.operations.scale_out_support import database_url, start_node, wait_serving

    monkeypatch.setenv("KB_FEEDBACK_FLUSH_SECONDS", "3")
    node = start_node("views", database_url(connection), tmp_path, workers=3)
    scenario = Scenario.objects.get(slug="matter-not-synced-pm")
    article = scenario.issue.article
    pages = [f"http://127.0.0.1:{node.port}{url}" for url in (
        scenario.get_absolute_url(), article.get_absolute_url())]  # fmt: skip
    try:
        wait_serving(node, "matter")
        with ThreadPoolExecutor(6) as pool:
            served = list(pool.map(_get, [pages[n % 2] for n in range(200)]))
        assert served == [200] * 200
        deadline = time.monotonic() + 10
        while _views(article=article) < 200 and time.monotonic() < deadline:
            time.sleep(0.2)  # written by each worker's thread within 3 s
        assert _views(scenario=scenario) == 100
        assert _views(article=article, scenario=None) == 100
        with ThreadPoolExecutor(6) as pool:
            served = list(pool.map(_get, [pages[0]] * 120))
        assert served == [200] * 120
    finally:
        node.stop()  # SIGTERM: the workers write what they still hold as they exit
    assert node.process.returncode == 0, node.log.read_text()[-2000:]
    assert _views(scenario=scenario) == 220
