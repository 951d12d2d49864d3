"""Still stuck -> a ticket: "Contact support" hands off the query, products and steps tried."""

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.test import Client, override_settings

from kb.models import Outcome, Scenario, SupportClick, SupportRequest
from kb.visitor.products import COOKIE_NAME as PRODUCTS_COOKIE
from tests.feedback.support import as_visitor, new_visitor

SLUG = "tr-webhook-not-configured"


@pytest.fixture
def visitor_client(client, searchable):
    return as_visitor(client, new_visitor())


def first_step(scenario):
    return next(s for s in scenario.steps.all() if s.asks_outcome)


def contact_href(response) -> str:
    html = response.content.decode()
    start = html.index('id="contact-support"')
    href = html[html.index('href="', start) + 6 :]
    return href[: href.index('"')].replace("&amp;", "&")


def test_scenario_page_links_to_the_request_form_by_default(visitor_client):
    response = visitor_client.get(f"/s/{SLUG}/")
    assert contact_href(response) == f"/support/new?scenario={SLUG}"


def test_request_form_is_prefilled_with_query_products_and_steps(visitor_client):
    scenario = Scenario.objects.get(slug=SLUG)
    step = first_step(scenario)
    visitor_client.post(f"/steps/{step.ref}/outcome", {"outcome": Outcome.NOT_HELPFUL})
    visitor_client.cookies[PRODUCTS_COOKIE] = "exterro-legal-hold"
    response = visitor_client.get(f"/support/new?scenario={SLUG}&q=webhook+missing")
    description = response.context["form"].initial["description"]
    assert "Searched for: webhook missing" in description
    assert "Products: Exterro Legal Hold" in description
    assert f"Problem: {scenario.title}" in description
    assert "1. [x]" in description and "Didn't help" in description
    assert response.context["handoff"].query == "webhook missing"


def test_scenario_page_reached_from_search_hands_off_that_query(visitor_client):
    response = visitor_client.get(
        f"/s/{SLUG}/", HTTP_REFERER="http://testserver/search?q=webhook+not+set"
    )
    assert "q=webhook+not+set" in contact_href(response)


def test_sending_the_form_stores_a_request_staff_can_read(visitor_client):
    scenario = Scenario.objects.get(slug=SLUG)
    visitor_client.post(f"/steps/{first_step(scenario).ref}/outcome", {"outcome": "not_helpful"})
    response = visitor_client.post(
        "/support/new",
        {"name": "Ann", "email": "ann@example.com", "description": "Still broken",
         "q": "webhook", "scenario": SLUG},
    )  # fmt: skip
    assert response.status_code == 303 and response["Location"] == "/support/sent"
    request_ = SupportRequest.objects.get()
    assert (request_.name, request_.email, request_.query) == ("Ann", "ann@example.com", "webhook")
    assert request_.scenario == scenario and request_.article == scenario.issue.article
    assert "Didn't help" in request_.steps_summary
    assert request_.status == "open"


def test_a_bad_email_is_refused_with_a_message_and_nothing_stored(visitor_client):
    response = visitor_client.post(
        "/support/new", {"name": "Ann", "email": "not-an-address", "description": "x"}
    )
    assert response.status_code == 400
    assert "Enter an email address like name@example.com." in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_an_unknown_scenario_is_left_out_not_a_500(visitor_client):
    response = visitor_client.get("/support/new?scenario=no-such-thing&q=%00%ff")
    assert response.status_code == 200


def test_the_form_needs_a_csrf_token(searchable):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/support/new", {"name": "Ann", "email": "ann@example.com", "description": "x"}
    )
    assert response.status_code == 403
    assert not SupportRequest.objects.exists()


@override_settings(REDIS_URL="", KB_RATE_LIMITS={"support": (2, 600)})
def test_the_form_is_rate_limited_like_feedback(visitor_client):
    data = {"name": "Ann", "email": "ann@example.com", "description": "x"}
    statuses = [visitor_client.post("/support/new", data).status_code for _ in range(3)]
    assert statuses == [303, 303, 429]
    assert SupportRequest.objects.count() == 2


def test_no_results_offers_contact_support_with_the_query(visitor_client):
    response = visitor_client.get("/search?q=zzqx+flux+capacitor")
    assert contact_href(response) == "/support/new?q=zzqx+flux+capacitor"
    with_results = visitor_client.get("/search?q=webhook")
    assert 'id="contact-support"' not in with_results.content.decode()


@override_settings(KB_SUPPORT_URL="https://help.example.com/new?subject={subject}&body={body}")
def test_a_configured_help_desk_gets_the_handoff_and_the_click_is_counted(visitor_client):
    page = visitor_client.get(f"/s/{SLUG}/")
    href = contact_href(page)
    assert href.startswith("/support/go?")
    response = visitor_client.get(href + "&q=webhook+%26+token")
    target = urlsplit(response["Location"])
    assert (target.netloc, target.path) == ("help.example.com", "/new")
    fields = parse_qs(target.query)
    scenario = Scenario.objects.get(slug=SLUG)
    assert fields["subject"] == [f"Still stuck: {scenario.title}"]
    assert "Searched for: webhook & token" in fields["body"][0]
    assert "Steps tried" in fields["body"][0]
    click = SupportClick.objects.get()
    assert (click.channel, click.scenario) == ("url", scenario)
    assert click.article == scenario.issue.article


@override_settings(KB_SUPPORT_EMAIL="help@example.com")
def test_a_configured_address_gets_a_mailto_link(visitor_client):
    response = visitor_client.get("/support/go?q=printer+on+fire")
    location = response["Location"]
    assert location.startswith("mailto:help@example.com?subject=")
    assert "+" not in location  # spaces are %20 in a mailto: link
    assert "Searched for: printer on fire" in unquote(location)
    assert SupportClick.objects.get().channel == "email"


def test_support_go_without_a_help_desk_goes_to_the_form(visitor_client):
    response = visitor_client.get("/support/go?q=abc")
    assert response["Location"] == "/support/new?q=abc"
    assert not SupportClick.objects.exists()


def test_staff_see_requests_escaped_and_can_filter(admin_client, searchable):
    SupportRequest.objects.create(
        name="<script>alert(1)</script>", email="a@example.com",
        description="<img src=x onerror=alert(2)>", steps_summary="<b>steps</b>",
    )  # fmt: skip
    listing = admin_client.get("/admin/kb/supportrequest/?status__exact=open")
    assert listing.status_code == 200
    assert "<script>alert(1)" not in listing.content.decode()
    assert "&lt;script&gt;alert(1)" in listing.content.decode()
    pk = SupportRequest.objects.get().pk
    detail = admin_client.get(f"/admin/kb/supportrequest/{pk}/change/").content.decode()
    assert "<img src=x" not in detail and "<b>steps</b>" not in detail
    assert "&lt;img src=x onerror=alert(2)&gt;" in detail
    closed = admin_client.get("/admin/kb/supportrequest/?status__exact=closed")
    assert "a@example.com" not in closed.content.decode()
