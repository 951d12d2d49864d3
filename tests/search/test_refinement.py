"""Guided refinement: one clarifying question when close results differ in system or issue."""

import re
from urllib.parse import parse_qs

from django.http import QueryDict

from kb.search import SearchHit, SearchResponse
from kb.search.refinement import clarifying_question, prefer_issue


def hit(slug, score, systems, issue=None, title=None):
    return SearchHit(
        slug=slug,
        title=title or slug.replace("-", " ").title(),
        article="Article",
        article_slug="article",
        issue=issue or slug,
        systems=[name for _, name in systems],
        system_slugs=[slug for slug, _ in systems],
        url=f"/s/{slug}/",
        score=score,
        snippet="",
    )


PM = ("pm", "Actionstep Practice Management")
LA = ("la", "Actionstep Legal Accounting")
TRACKER = ("tracker", "Thomson Reuters Legal Tracker")


def close_pair():
    return SearchResponse(
        query="contact not syncing",
        results=[
            hit("contact-pm", 10.0, [PM], title="Contact Not Synchronized in Practice Management"),
            hit("contact-la", 9.0, [LA], title="Contact Not Synchronized in Legal Accounting"),
            hit("other", 2.0, [TRACKER]),
        ],
        total=3,
    )


def test_close_results_in_different_systems_ask_where_with_one_answer_per_system():
    params = QueryDict("q=contact+not+syncing")
    question = clarifying_question(
        close_pair(), params, system_labels={"pm": "Practice Management"}
    )
    assert question.dimension == "system"
    assert question.text == "Where do you see “Contact not synchronized”?"
    labels = [answer.label for answer in question.answers]
    assert labels == ["Practice Management", "Actionstep Legal Accounting"]
    first = parse_qs(question.answers[0].query_string)
    assert first == {"q": ["contact not syncing"], "system": ["pm"]}


def test_a_clear_winner_asks_nothing():
    response = close_pair()
    response.results[1] = hit("contact-la", 3.0, [LA])
    assert clarifying_question(response, QueryDict("q=x")) is None


def test_a_single_result_asks_nothing():
    response = SearchResponse(query="x", results=[hit("a", 5.0, [PM])], total=1)
    assert clarifying_question(response, QueryDict("q=x")) is None


def test_same_systems_but_different_issues_ask_which_issue():
    response = SearchResponse(
        query="sync",
        results=[
            hit("a", 5.0, [PM], issue="Matter not synchronised"),
            hit("b", 4.8, [PM], issue="Contact not synchronised"),
        ],
        total=2,
    )
    question = clarifying_question(response, QueryDict("q=sync"))
    assert question.dimension == "issue"
    assert [a.label for a in question.answers] == [
        "Matter not synchronised",
        "Contact not synchronised",
    ]
    assert parse_qs(question.answers[1].query_string)["issue"] == ["Contact not synchronised"]


def test_no_system_question_once_a_system_is_chosen():
    question = clarifying_question(close_pair(), QueryDict("q=contact&system=pm"))
    # Systems are settled; the close results still differ by issue, so that is asked instead.
    assert question is None or question.dimension == "issue"


def test_titles_without_a_shared_start_get_a_plain_question():
    response = SearchResponse(
        query="token",
        results=[hit("a", 5.0, [PM], title="Token expired"), hit("b", 5.0, [LA], title="Bad URL")],
        total=2,
    )
    assert clarifying_question(response, QueryDict("q=token")).text == (
        "Which system shows the problem?"
    )


def test_prefer_issue_moves_the_chosen_issue_first_and_keeps_the_rest():
    response = SearchResponse(
        query="x",
        results=[hit("a", 5.0, [PM], issue="A"), hit("b", 4.0, [PM], issue="B")],
        total=2,
    )
    assert [h.slug for h in prefer_issue(response, "B").results] == ["b", "a"]


def test_search_page_asks_and_the_answer_narrows_to_that_system(client, close_contact_scores):
    html = client.get("/search", {"q": "contact not syncing"}).content.decode()
    assert "Where do you see “Contact not synchronized”?" in html
    answers = dict(
        (label, href)
        for href, label in re.findall(r'<a class="answer" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    )
    assert set(answers) == {"Practice Management", "Legal Accounting"}
    narrowed = client.get(answers["Legal Accounting"].replace("&amp;", "&"))
    slugs = [h.slug for h in narrowed.context["response"].results]
    assert slugs[0] == "contact-not-synced-la"
    assert "contact-not-synced-pm" not in slugs


def test_no_system_question_when_the_query_already_names_the_system():
    params = QueryDict("q=contact+not+syncing+to+practice+management")
    labels = {"pm": "Practice Management", "la": "Legal Accounting"}
    assert clarifying_question(close_pair(), params, system_labels=labels) is None
