"""Home, article and system pages: the ways in besides searching."""

import re

from kb.models import Outcome, Scenario, SolutionStep, StepOutcome, Vote


def helpful_titles(html: str) -> list[str]:
    section = re.search(r'<section aria-labelledby="helpful-title">.*?</section>', html, re.S)
    return re.findall(r'<a href="/s/[^"]+/">([^<]+)</a>', section.group(0))


def test_home_has_one_search_box_that_goes_to_the_search_page(client, content):
    html = client.get("/").content.decode()
    forms = re.findall(r'<form[^>]*role="search"[^>]*>', html)
    assert len(forms) == 1 and 'action="/search"' in forms[0]
    assert '<label for="q">Describe the problem</label>' in html


def test_home_browses_by_system_and_article(client, content):
    html = client.get("/").content.decode()
    assert 'href="/systems/thomson-reuters-legal-tracker/"' in html
    assert 'href="/articles/tr-legal-tracker-integration/"' in html
    assert "5 problems" in html  # the TR article's scenarios


def test_most_helpful_falls_back_to_article_order_without_feedback(client, content):
    titles = helpful_titles(client.get("/").content.decode())
    first = Scenario.objects.order_by("issue__article__title", "issue__order", "order").first()
    assert titles[0] == first.title


def test_most_helpful_ranks_by_fixes_and_helpful_votes(client, content):
    webhook = Scenario.objects.get(slug="tr-webhook-not-configured")
    token = Scenario.objects.get(slug="tr-access-token-expired")
    for visitor in ("a", "b", "c"):
        StepOutcome.objects.create(
            step=SolutionStep.objects.filter(scenario=webhook).first(),
            visitor=visitor,
            outcome=Outcome.FIXED,
        )
    StepOutcome.objects.create(
        step=SolutionStep.objects.filter(scenario=token).first(), visitor="a", outcome=Outcome.FIXED
    )
    Vote.objects.create(article=token.issue.article, scenario=token, visitor="b", helpful=True)
    Vote.objects.create(article=token.issue.article, scenario=token, visitor="c", helpful=False)
    StepOutcome.objects.create(
        step=SolutionStep.objects.filter(scenario=token).last(),
        visitor="d",
        outcome=Outcome.NOT_HELPFUL,
    )
    html = client.get("/").content.decode()
    assert helpful_titles(html)[:2] == [webhook.title, token.title]
    assert "fixed it for 3 visitors" in html


def test_article_page_lists_its_issues_and_scenarios(client, content):
    html = client.get("/articles/legal-accounting-integration/").content.decode()
    for slug in ("contact-not-synced-pm", "time-entry-cannot-save", "user-not-matched"):
        assert f'href="/s/{slug}/"' in html
    assert 'id="issue-contact-not-synced-la"' in html
    assert "tr-access-token-expired" not in html


def test_system_page_lists_scenarios_shown_in_that_system(client, content):
    html = client.get("/systems/exterro-legal-hold/").content.decode()
    assert 'href="/s/tr-webhook-not-configured/"' in html
    assert 'href="/s/tr-access-token-expired/"' not in html  # Legal Tracker only
    # A scenario naming no system of its own shows in its article's systems.
    Scenario.objects.get(slug="tr-access-token-expired").systems.clear()
    assert (
        'href="/s/tr-access-token-expired/"'
        in client.get("/systems/exterro-legal-hold/").content.decode()
    )


def test_unknown_system_and_article_are_404_with_a_way_on(client, content):
    response = client.get("/systems/nope/")
    assert response.status_code == 404
    assert 'action="/search"' in response.content.decode()
    assert client.get("/articles/nope/").status_code == 404


def test_article_and_scenario_pages_have_a_feedback_block_near_the_end(client, content, rf):
    from django.template import engines

    from kb.views.scenario import scenario_page_context

    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.visitor_id = "v" * 32
    request.user = AnonymousUser()
    scenario = Scenario.objects.with_content().get(slug="user-not-matched")
    context = scenario_page_context(request, scenario)
    engine = engines["django"]
    for page, extra in (("kb/scenario.html", context), ("kb/article.html", {})):
        child = engine.from_string(
            f'{{% extends "{page}" %}}{{% block feedback %}}<p id="widget">W</p>{{% endblock %}}'
        )
        if page == "kb/article.html":
            article = scenario.issue.article
            extra = {"article": article, "issues": article.issues.all()}
        html = child.render(extra, request)
        assert html.index('<p id="widget">') > html.index("</h1>")
        assert html.index('<p id="widget">') < html.index("<footer")


def test_pages_load_no_inline_script_or_style_and_nothing_external(client, content):
    for url in (
        "/",
        "/search?q=token",
        "/s/tr-access-token-expired/",
        "/systems/exterro-legal-hold/",
    ):
        html = client.get(url).content.decode()
        assert "<style" not in html and " style=" not in html
        for tag in re.findall(r"<script[^>]*>", html):
            assert 'src="/static/' in tag
        assert not re.search(r'(?:src|href)="(?:https?:)?//', re.sub(r"<a [^>]*>", "", html))


def test_system_page_pages_through_many_scenarios(client, content, monkeypatch):
    monkeypatch.setattr("kb.views.pages.SYSTEM_PAGE_SIZE", 2)
    first = client.get("/systems/exterro-legal-hold/").content.decode()
    last = client.get("/systems/exterro-legal-hold/", {"page": "2"}).content.decode()
    beyond = client.get("/systems/exterro-legal-hold/", {"page": "99"})
    assert first.count('class="card"') == 2 and "Page 1 of 2" in first
    assert last.count('class="card"') == 1 and 'rel="prev"' in last
    assert beyond.status_code == 200  # an out-of-range page shows the last one


def test_scenario_page_query_count_does_not_grow_with_its_steps(
    client, content, django_assert_max_num_queries
):
    client.get("/s/user-not-matched/")  # the visitor cookie exists from here on
    # Content 4, the steps' screenshots 1, checklist state 2, related 1, the visitor's vote 1,
    # the day's view counter up to 4 (savepoint, update, insert on the day's first view, release),
    # the search index's change feed 1 (the content version; tests replay it on every request).
    with django_assert_max_num_queries(14):
        client.get("/s/matter-not-synced-pm/")  # 7 options and 4 sub-steps
    # Seen again, its content comes from this process's cache (kb/content/page_cache.py).
    with django_assert_max_num_queries(14 - 5):
        client.get("/s/matter-not-synced-pm/")
