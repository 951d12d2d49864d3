"""Voting on article and scenario pages: both render paths, replacement, refusals."""

import pytest

from kb.models import Article, Scenario, Status, Vote

from .support import as_visitor, new_visitor, vote_data

VOTE_URL = "/feedback/vote/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def article(content):
    return Article.objects.get(slug="legal-accounting-integration")


@pytest.fixture
def scenario(content):
    return Scenario.objects.get(slug="contact-not-synced-pm")


@pytest.fixture
def visitor(client, db):
    visitor = new_visitor()
    as_visitor(client, visitor)
    return visitor


def test_article_and_scenario_pages_ask_was_this_helpful(client, article, scenario):
    for url in (article.get_absolute_url(), scenario.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Was this article helpful?" in html
        assert 'action="/feedback/vote/"' in html
        assert 'name="helpful" value="yes"' in html


def test_yes_without_javascript_redirects_back_and_thanks(client, visitor, scenario):
    response = client.post(VOTE_URL, vote_data(visitor, scenario, "yes"))
    assert response.status_code == 303
    assert response["Location"] == "/s/contact-not-synced-pm/?feedback=thanks#feedback"
    vote = Vote.objects.get()
    assert (vote.visitor, vote.scenario, vote.article, vote.helpful) == (
        visitor, scenario, scenario.issue.article, True
    )
    page = client.get(response["Location"]).content.decode()
    assert "Thanks for your feedback" in page
    assert "Your answer: <strong>Yes, it helped</strong>" in page


def test_yes_with_htmx_swaps_in_thanks_fragment(client, visitor, article):
    response = client.post(VOTE_URL, vote_data(visitor, article, "yes"), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="feedback"')
    assert "<html" not in html
    assert "Glad it helped." in html
    assert Vote.objects.get().scenario is None


def test_no_opens_reasons_form_with_and_without_javascript(client, visitor, article):
    page = client.get(f"{article.get_absolute_url()}?feedback=reasons")
    assert "What went wrong?" in page.content.decode()
    assert 'value="steps_did_not_work"' in page.content.decode()
    token = vote_data(visitor, article)["token"]
    fragment = client.get(VOTE_URL, {"token": token, "feedback": "reasons"}, **HTMX)
    assert fragment.status_code == 200
    assert 'value="outdated"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    plain = client.get(VOTE_URL, {"token": token, "feedback": "reasons"})
    assert plain.status_code == 302
    assert plain["Location"].endswith("?feedback=reasons#feedback")
    assert not Vote.objects.exists()


def test_no_with_reasons_and_comment_is_stored(client, visitor, scenario):
    data = vote_data(
        visitor, scenario, "no", reasons=["outdated", "hard_to_follow"], comment="  Menu moved. "
    )
    response = client.post(VOTE_URL, data, **HTMX)
    assert response.status_code == 200
    assert "Our editors read every answer" in response.content.decode()
    vote = Vote.objects.get()
    assert vote.helpful is False
    assert vote.reasons == ["outdated", "hard_to_follow"]
    assert vote.comment == "Menu moved."


def test_vote_twice_keeps_latest(client, visitor, scenario):
    client.post(VOTE_URL, vote_data(visitor, scenario, "no", reasons=["other"], comment="x"))
    client.post(VOTE_URL, vote_data(visitor, scenario, "yes"))
    vote = Vote.objects.get()
    assert vote.helpful is True
    assert (vote.reasons, vote.comment) == ([], "")
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert "Your answer: <strong>Yes, it helped</strong>" in page
    assert 'value="yes" aria-pressed="true"' in page


def test_article_vote_and_scenario_votes_are_separate(client, visitor, article, scenario):
    client.post(VOTE_URL, vote_data(visitor, article, "yes"))
    client.post(VOTE_URL, vote_data(visitor, scenario, "no", reasons=["other"]))
    assert Vote.objects.count() == 2
    assert Vote.objects.for_target(article).get().helpful is True
    assert Vote.objects.for_target(article, scenario).get().helpful is False


def test_visitors_are_told_apart_by_cookie_not_address(client, article):
    for visitor in (new_visitor(), new_visitor()):
        as_visitor(client, visitor)
        client.post(VOTE_URL, vote_data(visitor, article, "yes"), REMOTE_ADDR="10.0.0.1")
    assert Vote.objects.count() == 2


def test_reasons_form_shows_earlier_no_prefilled(client, visitor, article):
    client.post(VOTE_URL, vote_data(visitor, article, "no", reasons=["outdated"], comment="Old"))
    html = client.get(f"{article.get_absolute_url()}?feedback=reasons").content.decode()
    checked = [line for line in html.splitlines() if "checked" in line]
    assert len(checked) == 1 and 'value="outdated"' in checked[0]
    assert "Old</textarea>" in html


BAD_INPUTS = [
    ({"helpful": "no", "refine": "1", "reasons": []}, "Choose at least one reason"),
    ({"helpful": "no", "reasons": ["because"]}, "is not one of the reasons offered"),
    ({"helpful": "no", "reasons": ["other"], "comment": "x" * 1001}, "at most 1,000 characters"),
    ({"helpful": "maybe"}, "Choose Yes or No."),
    ({"helpful": ""}, "Choose Yes or No."),
    ({"helpful": "yes", "website": "http://spam.example"}, "Leave this field empty"),
]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(("change", "message"), BAD_INPUTS)
def test_bad_vote_is_refused_with_message_and_nothing_saved(
    client, visitor, article, htmx, change, message
):
    data = {**vote_data(visitor, article), **change}
    response = client.post(VOTE_URL, data, **(HTMX if htmx else {}))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'id="feedback"' in html
    assert ("<html" in html) is not htmx
    assert not Vote.objects.exists()


def test_comment_of_exactly_1000_characters_is_accepted(client, visitor, article):
    data = vote_data(visitor, article, "no", reasons=["other"], comment="é" * 1000)
    assert client.post(VOTE_URL, data).status_code == 303
    assert len(Vote.objects.get().comment) == 1000


def test_bad_vote_keeps_the_earlier_vote(client, visitor, article):
    client.post(VOTE_URL, vote_data(visitor, article, "yes"))
    client.post(VOTE_URL, vote_data(visitor, article, "no", reasons=[], refine="1"))
    assert Vote.objects.get().helpful is True


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_tampered_token_is_refused(client, visitor, article, htmx):
    data = vote_data(visitor, article)
    data["token"] = data["token"][:-3] + "abc"
    response = client.post(VOTE_URL, data, **(HTMX if htmx else {}))
    assert response.status_code == 400
    assert "was changed after it was sent to you" in response.content.decode()
    assert not Vote.objects.exists()


def test_form_replayed_from_another_browser_is_refused(client, article):
    data = vote_data(new_visitor(), article)
    as_visitor(client, new_visitor())
    response = client.post(VOTE_URL, data)
    assert response.status_code == 400
    assert "another browser session" in response.content.decode()
    assert not Vote.objects.exists()


def test_browser_without_cookies_is_told_voting_needs_them(client, article):
    data = vote_data(new_visitor(), article)  # the page was served with a cookie never returned
    response = client.post(VOTE_URL, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "Allow cookies for this site" in response.content.decode()
    assert not Vote.objects.exists()


def test_vote_on_unknown_or_hidden_page_is_refused(client, visitor, article, scenario):
    from kb.feedback.votes import make_token

    missing = {"token": make_token(visitor, article_id=999999), "helpful": "yes"}
    response = client.post(VOTE_URL, missing)
    assert response.status_code == 400
    assert "no longer available" in response.content.decode()
    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT)
    response = client.post(VOTE_URL, vote_data(visitor, scenario), **HTMX)
    assert response.status_code == 400
    assert "no longer available" in response.content.decode()
    assert not Vote.objects.exists()


def test_garbage_post_and_missing_token_are_400_not_500(client, visitor):
    assert client.post(VOTE_URL, {}).status_code == 400
    assert client.post(VOTE_URL, {"token": "x" * 5000, "helpful": "yes"}).status_code == 400
    assert client.get(VOTE_URL, {"token": "nonsense"}).status_code == 400


def test_vote_endpoint_refuses_other_methods(client):
    assert client.put(VOTE_URL).status_code == 405


def test_thanks_link_without_a_vote_just_asks(client, visitor, article):
    html = client.get(f"{article.get_absolute_url()}?feedback=thanks").content.decode()
    assert "Thanks for your feedback" not in html
    assert "Was this article helpful?" in html


def test_page_marks_a_no_answer_as_current(client, visitor, article):
    client.post(VOTE_URL, vote_data(visitor, article, "no", reasons=["other"]))
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'value="no" class="kb-feedback-no" aria-pressed="true"' in html
    assert 'value="yes" aria-pressed="false"' in html
    assert "Your answer: <strong>No, it didn't help</strong>" in html


def test_unknown_widget_state_falls_back_to_asking(client, visitor, article):
    token = vote_data(visitor, article)["token"]
    response = client.get(VOTE_URL, {"token": token, "feedback": "x&evil=1"})
    assert response["Location"] == f"{article.get_absolute_url()}?feedback=ask#feedback"


def test_a_reason_sent_990_times_is_stored_once(client, visitor, article):
    data = vote_data(visitor, article, "no", reasons=["outdated"] * 990 + ["hard_to_follow"] * 3)
    assert client.post(VOTE_URL, data).status_code == 303
    assert Vote.objects.get().reasons == ["outdated", "hard_to_follow"]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_an_unknown_reason_among_known_ones_refuses_the_vote_and_names_it(
    client, visitor, article, htmx
):
    data = vote_data(visitor, article, "no", reasons=["outdated"] * 5 + ["spam<b>"])
    response = client.post(VOTE_URL, data, **(HTMX if htmx else {}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "“spam&lt;b&gt;” is not one of the reasons offered." in html
    assert 'value="outdated"' in html  # the reasons form again, to correct and resend
    assert not Vote.objects.exists()


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_no_is_recorded_when_clicked_then_reasons_refine_the_same_vote(
    client, visitor, scenario, htmx
):
    extra = HTMX if htmx else {}
    response = client.post(VOTE_URL, vote_data(visitor, scenario, "no"), **extra)
    vote = Vote.objects.get()
    assert vote.helpful is False and vote.reasons == []
    # Then the reasons form, saying the No is already kept.
    if htmx:
        html = response.content.decode()
    else:
        assert response.status_code == 303
        assert response["Location"].endswith("?feedback=reasons#feedback")
        html = client.get(response["Location"]).content.decode()
    assert "Your “No” is saved" in html
    assert 'name="refine" value="1"' in html
    data = vote_data(visitor, scenario, "no", reasons=["outdated"], comment="Menu moved")
    client.post(VOTE_URL, data, **extra)
    vote = Vote.objects.get()  # the same vote, refined: still one row
    assert (vote.helpful, vote.reasons, vote.comment) == (False, ["outdated"], "Menu moved")
    # Clicking No again does not wipe the reasons.
    client.post(VOTE_URL, vote_data(visitor, scenario, "no"), **extra)
    assert Vote.objects.get().reasons == ["outdated"]


def test_a_comment_alone_refines_a_no(client, visitor, article):
    client.post(VOTE_URL, vote_data(visitor, article, "no"))
    response = client.post(VOTE_URL, vote_data(visitor, article, "no", comment="Menu moved"))
    assert response.status_code == 303
    assert Vote.objects.get().comment == "Menu moved"


def test_after_this_fixed_it_the_article_question_says_so(client, content):
    client.get("/s/matter-not-synced-pm/")  # the visitor cookie
    before = client.get("/s/matter-not-synced-pm/").content.decode()
    assert "Was this article helpful?" in before
    client.post("/steps/matter-not-synced-pm/3/outcome", {"outcome": "fixed"})
    page = client.get("/s/matter-not-synced-pm/").content.decode()
    widget = page[page.index('id="feedback"') :]
    assert "You told us this fixed it — thanks" in widget
    assert "Was this article helpful?" not in widget
    assert "Changed your mind?" in widget  # the Yes/No form stays, to change it


def test_fixed_it_by_htmx_updates_the_question_out_of_band(client, content):
    client.get("/s/matter-not-synced-pm/")
    response = client.post(
        "/steps/matter-not-synced-pm/3/outcome", {"outcome": "fixed"}, **HTMX
    )
    html = response.content.decode()
    assert 'id="feedback" class="kb-feedback" data-kb-feedback' in html
    assert 'hx-swap-oob="true"' in html[html.index('id="feedback"') - 200 :]
    assert "You told us this fixed it — thanks" in html
    # "Didn't help" takes it back.
    response = client.post(
        "/steps/matter-not-synced-pm/3/outcome", {"outcome": "not_helpful"}, **HTMX
    )
    assert "Was this article helpful?" in response.content.decode()


def test_the_widget_tag_renders_what_the_view_computed_without_a_query(rf, visitor, article):
    from django.db import connection
    from django.template import Context, Template
    from django.test.utils import CaptureQueriesContext

    from kb.feedback.widget import page_widget

    request = rf.get(article.get_absolute_url())
    request.visitor_id = visitor
    Vote.objects.create(article=article, visitor=visitor, helpful=True)
    widget = page_widget(request, article)
    template = Template("{% load kb_feedback %}{% vote_widget feedback_widget %}")
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"feedback_widget": widget}))
    assert "Yes, it helped" in html
    assert list(queries) == []
