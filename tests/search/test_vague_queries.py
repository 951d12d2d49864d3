"""Queries too vague to rank (kb.search.vagueness) and the products a query names kept apart
from the others (SearchHit.group): decided by the search package, read by page and API alike."""

import pytest

from kb.search import search
from kb.search.vagueness import _near

from ..conftest import CATALOGUE

TR_ARTICLE = CATALOGUE["tr-legal-tracker-integration"]
ACTIONSTEP = {"actionstep-legal-accounting", "actionstep-practice-management"}


@pytest.mark.parametrize(
    "q",
    ["error", "help", "issue", "problem", "it doesnt work", "not working", "broken", "Failure!",
     "how do I", "something is wrong, please help"],
)  # fmt: skip
def test_words_that_only_say_something_is_wrong_are_vague(searchable, q):
    assert search(q).vague == "generic"


@pytest.mark.parametrize("q", ["eror", "hepl", "isue", "not workng", "brokn"])
def test_a_typo_of_a_generic_word_is_vague_too(searchable, q):
    assert search(q).vague == "generic"


@pytest.mark.parametrize(
    "q",
    ["contact not syncing", "legal tracker access token expired", "webhook not configured",
     "TR integration failure", "time entry will not save", "token", "integration"],
)  # fmt: skip
def test_specific_queries_are_not_vague(searchable, q):
    response = search(q)
    assert response.vague == ""
    assert response.results


@pytest.mark.parametrize("q", ["contcat not synching", "webhok not configured", "tokn expired"])
def test_a_typod_specific_query_is_not_vague(searchable, q):
    response = search(q)
    assert response.vague == ""
    assert response.results and response.suggestion


def test_one_word_alike_in_several_products_is_a_flat_answer(searchable):
    response = search("sync")
    assert response.vague == "flat"
    head = response.results[:4]
    assert not set.intersection(*(set(hit.system_slugs) for hit in head))


def test_a_flat_answer_is_flat_whatever_the_limit(searchable):
    assert search("sync", limit=1).vague == "flat"
    assert len(search("sync", limit=1).results) == 1


def test_one_product_chosen_or_named_leaves_nothing_flat(searchable):
    assert search("sync", systems=["actionstep-practice-management"]).vague == ""
    assert search("sync practice management").vague == ""


def test_a_close_call_between_two_results_is_the_clarifying_question_not_vagueness(searchable):
    assert search("contact not syncing").vague == ""


def test_near_counts_one_edit_and_a_swap():
    assert _near("eror", "error") and _near("hepl", "help") and _near("errror", "error")
    assert _near("contakt", "contact") and not _near("cntct", "contact")
    assert not _near("sync", "error") and not _near("token", "broken")


def groups_of(response):
    return [(hit.slug, hit.group) for hit in response.results]


def test_a_query_naming_actionstep_lists_actionstep_first_and_others_apart(searchable):
    response = search("Actionstep contact not syncing", limit=20)
    groups = [group for _, group in groups_of(response)]
    assert groups == sorted(groups, key=lambda g: g == "other")  # never mixed
    named = [hit for hit in response.results if hit.group == "named"]
    others = [hit for hit in response.results if hit.group == "other"]
    assert named and others
    assert all(ACTIONSTEP & set(hit.system_slugs) for hit in named)
    assert all(not ACTIONSTEP & set(hit.system_slugs) for hit in others)
    assert named[0].slug in {"contact-not-synced-pm", "contact-not-synced-la"}


def test_the_tr_articles_scenarios_stay_together_though_three_are_exterros(searchable):
    response = search("TR integration failure", limit=20)
    assert response.named == ("thomson-reuters-legal-tracker",)
    slugs = [hit.slug for hit in response.results]
    assert set(slugs[:5]) == set(TR_ARTICLE)
    assert {hit.group for hit in response.results[:5]} == {"named"}
    assert {hit.group for hit in response.results[5:]} == {"other"}
    assert all(ACTIONSTEP & set(hit.system_slugs) for hit in response.results[5:])


def test_an_issue_chosen_keeps_the_groups_apart(searchable):
    issue = "Contact Not Synchronized in Legal Accounting"
    response = search("Actionstep contact not syncing", limit=20, issue=issue)
    assert response.results[0].issue == issue
    groups = [hit.group for hit in response.results]
    assert groups == sorted(groups, key=lambda g: g == "other")


def test_no_groups_when_no_product_is_named_or_a_filter_decides(searchable):
    assert {hit.group for hit in search("contact not syncing").results} == {""}
    filtered = search("TR integration failure", systems=["exterro-legal-hold"])
    assert filtered.results and {hit.group for hit in filtered.results} == {""}


def test_groups_and_vagueness_survive_the_results_cache(searchable):
    first = search("TR integration failure")
    again = search("TR integration failure")
    assert groups_of(again) == groups_of(first)
    assert search("sync").vague == search("sync").vague == "flat"


def test_the_api_carries_the_groups_and_the_vagueness(client, searchable):
    data = client.get("/api/search", {"q": "TR integration failure", "limit": 20}).json()
    assert [r["group"] for r in data["results"][:5]] == ["named"] * 5
    assert {r["slug"] for r in data["results"][:5]} == set(TR_ARTICLE)
    assert data["vague"] == ""
    assert client.get("/api/search", {"q": "error"}).json()["vague"] == "generic"
    assert client.get("/api/search", {"q": ""}).json()["vague"] == ""


@pytest.mark.parametrize("q", ["TR integration failure", "Actionstep contact not syncing"])
def test_the_page_and_the_api_agree_on_order_and_groups(client, searchable, q):
    import re

    api = client.get("/api/search", {"q": q, "limit": 10}).json()["results"]
    html = client.get("/search", {"q": q}).content.decode()
    page = re.findall(r'class="result" data-slug="([^"]+)" data-group="(\w+)"', html)
    assert page == [(r["slug"], r["group"]) for r in api]
    other_at = html.index('data-group="other"')
    assert html.index(">In other products</h2>") < other_at
    assert html.count(">In other products</h2>") == 1
    assert html.rindex('data-group="named"') < html.index(">In other products</h2>")


def test_the_typo_index_finds_exactly_the_generic_words_one_edit_away():
    from kb.search.vagueness import _generic_surface, near_generic

    words = ["eror", "hepl", "errror", "wrok", "brokn", "isue", "fial", "sync", "token", "contakt",
             "12345", "conflict", "ab", "xerror", "rorre", "plehh", "crashd", "nothng"]
    for g in sorted(_generic_surface()):  # a swap, a deletion and an insertion of each
        words += [g[1] + g[0] + g[2:], g[1:], g[:2] + "q" + g[2:]]
    for word in words:
        brute = any(_near(word, g) for g in _generic_surface())
        assert near_generic(word) == brute, word
    assert near_generic("eror") and near_generic("wrok") and not near_generic("sync")
