"""Page views per day, the search log (live typing collapsed), and result clicks."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from kb.feedback import log_search, record_page_view, record_search_click
from kb.models import Article, PageView, Scenario, SearchLog
from kb.search import SearchResponse, search

from .support import as_visitor, new_visitor


@pytest.fixture
def scenario(content):
    return Scenario.objects.get(slug="contact-not-synced-pm")


def _request(visitor, **get):
    request = RequestFactory().get("/search/", get)
    request.visitor_id = visitor
    return request


def test_page_views_are_counted_per_page_and_day(client, scenario):
    article = scenario.issue.article
    client.get(article.get_absolute_url())
    client.get(scenario.get_absolute_url())
    client.get(scenario.get_absolute_url())
    assert PageView.objects.get(article=article, scenario=None).count == 1
    assert PageView.objects.get(scenario=scenario).count == 2
    assert PageView.objects.get(scenario=scenario).day == timezone.localdate()


def test_missing_page_counts_no_view(client, content):
    client.get("/s/no-such-thing/")
    assert not PageView.objects.exists()


def test_record_page_view_adds_to_the_days_row(scenario):
    for _ in range(3):
        record_page_view(scenario.issue.article, scenario)
    assert PageView.objects.get().count == 3


def test_empty_search_is_not_logged(db):
    assert log_search(_request(new_visitor()), "   ", SearchResponse(query="   ")) is None
    assert not SearchLog.objects.exists()


def test_search_is_logged_with_its_result_count_and_top_result(content):
    response = search("contact not synced")
    log = log_search(_request(new_visitor()), "  Contact   NOT synced ", response)
    log.refresh_from_db()
    assert log.normalized == "contact not synced"
    assert log.results_count == response.total > 0
    assert log.top_slug == response.results[0].slug


def test_live_typing_prefixes_collapse_into_one_row(content):
    request = _request(new_visitor())
    for typed in ["con", "contact", "contact won", "contact won't sync"]:
        log = log_search(request, typed, search(typed))
    assert SearchLog.objects.count() == 1
    assert SearchLog.objects.get().pk == log.pk
    assert SearchLog.objects.get().normalized == "contact won't sync"


def test_correcting_the_last_word_collapses_too(content):
    request = _request(new_visitor())
    log_search(request, "legal tracker tokn", search("legal tracker tokn"))
    log_search(request, "legal tracker token", search("legal tracker token"))
    assert list(SearchLog.objects.values_list("normalized", flat=True)) == ["legal tracker token"]


def test_separate_searches_are_separate_rows(content):
    visitor = new_visitor()
    log_search(_request(visitor), "matter balances", search("matter balances"))
    log_search(_request(visitor), "webhook", search("webhook"))
    log_search(_request(new_visitor()), "webhook", search("webhook"))
    assert SearchLog.objects.count() == 3


def test_same_search_after_the_typing_window_is_a_new_row(content):
    request = _request(new_visitor())
    first = log_search(request, "webhook", search("webhook"))
    SearchLog.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    log_search(request, "webhook", search("webhook"))
    assert SearchLog.objects.count() == 2


def test_overlong_query_is_truncated_not_refused(db):
    log = log_search(_request(new_visitor()), "x" * 10_000, SearchResponse(query="x"))
    assert len(SearchLog.objects.get(pk=log.pk).query) == 500


def test_opening_a_result_marks_the_search_as_clicked(client, scenario):
    visitor = new_visitor()
    log = log_search(_request(visitor), "contact", search("contact"))
    as_visitor(client, visitor)
    url = Template("{% load kb_feedback %}{{ url|search_click:log }}").render(
        Context({"url": scenario.get_absolute_url(), "log": log})
    )
    assert url == f"/s/contact-not-synced-pm/?sl={log.pk}"
    assert client.get(url).status_code == 200
    log.refresh_from_db()
    assert log.clicked_scenario == scenario
    assert log.clicked_at is not None


def test_click_counts_only_for_the_visitor_who_searched(client, scenario):
    log = log_search(_request(new_visitor()), "contact", search("contact"))
    as_visitor(client, new_visitor())
    client.get(f"{scenario.get_absolute_url()}?sl={log.pk}")
    log.refresh_from_db()
    assert log.clicked_scenario is None


def test_first_opened_result_is_kept(client, scenario):
    visitor = new_visitor()
    log = log_search(_request(visitor), "contact", search("contact"))
    as_visitor(client, visitor)
    other = Scenario.objects.get(slug="contact-not-synced-la")
    client.get(f"{scenario.get_absolute_url()}?sl={log.pk}")
    client.get(f"{other.get_absolute_url()}?sl={log.pk}")
    log.refresh_from_db()
    assert log.clicked_scenario == scenario


@pytest.mark.parametrize("junk", ["abc", "-1", "99999999999999999999999", "", "1e5"])
def test_junk_click_parameter_is_ignored(client, scenario, junk):
    assert client.get(f"{scenario.get_absolute_url()}?sl={junk}").status_code == 200
    assert record_search_click(_request(new_visitor(), sl=junk), scenario) is False


def test_search_click_filter_leaves_links_alone_without_a_log():
    rendered = Template("{% load kb_feedback %}{{ '/s/a/'|search_click:None }}").render(Context())
    assert rendered == "/s/a/"


def test_unpublished_article_views_are_not_counted_for_the_public(client, content):
    article = Article.objects.get(slug="tr-legal-tracker-integration")
    article.status = "draft"
    article.save()
    client.get(article.get_absolute_url())
    assert not PageView.objects.exists()
