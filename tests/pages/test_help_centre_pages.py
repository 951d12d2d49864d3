"""The pages a help-centre visitor expects: all articles, back to results, related scenarios,
one breadcrumb per level, one draft banner, a friendly expired-form page."""

import re

import pytest
from django.test import Client

from kb.models import Article, Status


def text_of(response) -> str:
    return response.content.decode()


def test_articles_index_lists_published_articles_by_system_with_counts(client, content):
    draft = Article.objects.get(slug="tr-legal-tracker-integration")
    draft.status = Status.DRAFT
    draft.save()
    page = text_of(client.get("/articles/"))
    assert "Legal Accounting Integration (Troubleshooting)" in page
    assert "TR Integration Failure" not in page  # a draft is not listed
    # Grouped by system, each group with its number of articles and problems.
    assert re.search(r"Actionstep Practice Management</a>\s*<span class=\"count\">1 article · 9 problems", page)
    assert "9 problems" in page


def test_footer_all_articles_points_to_the_index(client, content):
    assert '<a href="/articles/">All articles</a>' in text_of(client.get("/"))


def test_scenario_opened_from_search_offers_back_to_results(client, content):
    referer = "http://testserver/search?q=token+expired&system=thomson-reuters-legal-tracker"
    page = text_of(client.get("/s/tr-access-token-expired/", HTTP_REFERER=referer))
    assert (
        '<a href="/search?q=token+expired&amp;system=thomson-reuters-legal-tracker">'
        "‹ Back to results</a>"
    ) in page


@pytest.mark.parametrize(
    "referer",
    [
        "",
        "http://evil.example/search?q=token",  # another site
        "http://testserver/articles/tr-legal-tracker-integration/",  # not a search
        "http://testserver/search",  # no query
    ],
)
def test_no_back_to_results_unless_opened_from_a_search_here(client, content, referer):
    extra = {"HTTP_REFERER": referer} if referer else {}
    assert "Back to results" not in text_of(client.get("/s/tr-access-token-expired/", **extra))


def test_listed_above_step_links_to_the_scenario_it_means(client, content):
    page = text_of(client.get("/s/matter-not-synced-pm/"))
    see = re.search(r'<p class="see-also">(.*?)</p>', page, re.S).group(1)
    links = re.findall(r'href="/s/([^/]+)/"', see)
    # Contact scenarios about syncing, the Practice Management one (this page's system) first.
    assert links == ["contact-not-synced-pm", "contact-not-synced-la"]


def test_scenario_page_lists_related_scenarios_same_issue_then_article(client, content):
    page = text_of(client.get("/s/tr-access-token-expired/"))
    start = page.index('id="related-title"')
    related = page[start : page.index("</section>", start)]
    assert "Related scenarios" in related
    assert "Same problem: TR integration failure" in related
    assert "/s/tr-webhook-not-configured/" in related
    assert "/s/tr-access-token-expired/" not in related


def test_breadcrumb_does_not_repeat_an_issue_titled_like_its_article(client, content):
    page = text_of(client.get("/s/tr-access-token-expired/"))
    crumbs = page[page.index('class="breadcrumb"') : page.index("</nav>", page.index('class="breadcrumb"'))]
    assert crumbs.lower().count("tr integration failure") == 1


def test_staff_preview_of_a_draft_shows_one_draft_banner(client, content, django_user_model):
    article = Article.objects.get(slug="legal-accounting-integration")
    article.status = Status.DRAFT
    article.save()
    staff = django_user_model.objects.create_user("vera", password="x", is_staff=True)
    client.force_login(staff)
    for url in ("/s/contact-not-synced-pm/", "/articles/legal-accounting-integration/"):
        page = text_of(client.get(url))
        assert page.count("only staff can see this") == 1, url


def test_expired_csrf_token_gets_a_friendly_page_back_to_the_form(content):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/feedback/vote/",
        {"token": "x", "helpful": "yes"},
        HTTP_REFERER="http://testserver/s/tr-access-token-expired/",
    )
    assert response.status_code == 403
    page = text_of(response)
    assert "Your session expired" in page
    assert '<a href="/s/tr-access-token-expired/">back to the page you were on</a>' in page
    # A referer elsewhere is not offered as the way back.
    response = client.post("/feedback/vote/", {}, HTTP_REFERER="http://evil.example//x")
    assert response.status_code == 403
    assert 'href="/">back to the page you were on' in text_of(response)


@pytest.mark.parametrize("url", ["/", "/search"])
def test_search_forms_are_plain_get_forms_that_replace_the_url_while_typing(client, content, url):
    page = text_of(client.get(url))
    form = re.search(r'<form id="search-form".*?>', page, re.S).group(0)
    assert 'action="/search" method="get"' in form  # works with JavaScript off
    assert 'hx-replace-url="true"' in form and "hx-push-url" not in form
    assert 'id="results"' in page and 'id="result-count"' in page


def test_results_heading_sits_just_before_the_first_result(client, searchable):
    page = text_of(client.get("/search?q=contact+not+syncing"))
    heading = page.index('id="results-heading"')
    first = page.index('<li class="result"')
    assert heading < first
    assert "<a" not in page[heading:first]  # no link between: the first result is one Tab away
