"""No hostile input gets a server error, on any route: every path parameter, query string and
form field of every public route (GET and POST), and the query strings of every admin view.

The routes come from walking the URLconf (tests/security/urlconf_walk.py), so a route added later is
covered without editing this file; a guard fails when a public route's view was never reached
with hostile input (a parameter the walk has no real value for leaves it 404 every time).
Run it on PostgreSQL too (DATABASE_URL=postgresql://...), which refuses NUL in text and
integers past 64 bits where SQLite does not.
"""

from urllib.parse import quote_from_bytes

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.content.images import reencode
from kb.models import Article, Scenario, SolutionStep, StepImage, StepKind, System
from tests.images.support import image_bytes

from .hostile_queries import hostile_query
from .hostile_routes import PINNED, encoded, requests_for
from .urlconf_walk import endpoints

NO_LIMITS = {scope: (10**9, 600) for scope in ("checklist", "feedback")}
ADMIN_FIELDS = ["q", "o", "p", "e", "all", "status", "_changelist_filters", "_popup", "_to_field"]
ADMIN_VALUES = ["%00", "%C2%B2", "%FF", "9" * 30, "x" * 3000]


def public_endpoints():
    return [e for e in endpoints() if not e.path.startswith("/admin/")]


def real_params(endpoint) -> tuple[str, ...]:
    """Values that reach the view: existing objects where the route names one."""
    scenario = Scenario.objects.get(slug="user-not-matched")
    step = SolutionStep.objects.filter(
        scenario=scenario, kind__in=[StepKind.STEP, StepKind.ALTERNATIVE]
    ).first()
    known = {
        "kb:article": (Article.objects.first().slug,),
        "kb:system": (System.objects.first().slug,),
        "kb:scenario": (scenario.slug,),
        "kb:checklist_reset": (scenario.slug,),
        "kb:step_check": (step.ref,),
        "kb:step_outcome": (step.ref,),
        "kb:media": (_screenshot(step),),
    }
    return known.get(endpoint.name, ("0",) * len(endpoint.params))


def _screenshot(step) -> str:
    """The stored name of a screenshot on `step` (made on first use)."""
    image = StepImage.objects.filter(step=step).first()
    if image is None:
        image = StepImage.objects.create(
            step=step, file=reencode(image_bytes()).content, alt="A screenshot"
        )
    return image.file.name


def send(client, method, path, query, body):
    url = f"{path}?{query}" if query else path
    return client.generic(
        method, url, data=body or "", content_type="application/x-www-form-urlencoded"
    )


def _error(response) -> str:
    """What the view raised (the test client keeps it when told not to raise it)."""
    exc_info = getattr(response, "exc_info", None)
    return repr(exc_info[1])[:200] if exc_info else ""


def server_errors(client, endpoint, reals, value, reached=None):
    """(method, url, status, error) of each request of `value` to `endpoint` answered 5xx."""
    failed = []
    for method, path, query, body in requests_for(endpoint, reals, value):
        response = send(client, method, path, query, body)
        if response.status_code >= 500:
            failed.append((method, path[:80], query[:60], response.status_code, _error(response)))
        elif reached is not None and path == endpoint.route.format(*reals):
            reached.setdefault(endpoint.name, set()).add((method, response.status_code))
    return failed


@pytest.fixture
def hostile_client(searchable):
    with override_settings(KB_RATE_LIMITS=NO_LIMITS):
        yield Client(raise_request_exception=False)


@pytest.mark.slow
def test_pinned_hostile_values_on_every_public_route(hostile_client):
    reached: dict[str, set] = {}
    failed = []
    for endpoint in public_endpoints():
        reals = real_params(endpoint)
        for value in PINNED.values():
            failed += server_errors(hostile_client, endpoint, reals, value, reached)
    assert not failed, "\n".join(map(repr, failed))
    # The guard: each route's view answered hostile input itself, in every method it takes
    # (405 means the method is not taken; 404 on real parameters means it was never reached).
    unreached = {}
    for endpoint in public_endpoints():
        statuses = reached.get(endpoint.name, set())
        taken = {method for method, status in statuses if status != 405}
        if not taken or any(status == 404 for _, status in statuses):
            unreached[endpoint.name] = sorted(statuses)
    assert unreached == {}, "give these routes real parameters in real_params()"


# Cookie values as a client can write them: http.cookies reads "\\000" inside quotes as NUL.
HOSTILE_COOKIES = (
    'sessionid="\\000aaaaaaaaaaaa"; csrftoken="\\000"; kb_visitor="\\000x"; kb_products="\\000"'
)


def test_hostile_cookies_on_every_public_route(hostile_client):
    failed = []
    for endpoint in public_endpoints():
        path = endpoint.route.format(*real_params(endpoint))
        for method in ("GET", "POST"):
            response = hostile_client.generic(method, path, HTTP_COOKIE=HOSTILE_COOKIES)
            if response.status_code >= 500:
                failed.append((method, path, response.status_code))
    assert not failed, "\n".join(map(repr, failed))


def test_numbers_in_other_scripts_are_refused_not_read(hostile_client):
    """int() reads "١٢" as 12 and str.isdigit() takes "²": only ASCII digits are numbers here."""
    response = hostile_client.get("/api/search?q=token&limit=%D9%A1%D9%A2")
    assert response.status_code == 400 and "limit" in response.json()["error"]
    assert hostile_client.get("/s/user-not-matched/?sl=%C2%B2").status_code == 200


hostile_value = st.one_of(
    st.sampled_from(sorted(PINNED.values())),
    hostile_query.map(lambda text: encoded(text[:300])),
    st.binary(max_size=40).map(lambda raw: quote_from_bytes(raw, safe="")),
)


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_hostile_values_on_every_public_route(hostile_client, data):
    endpoint = data.draw(st.sampled_from(public_endpoints()), label="route")
    value = data.draw(hostile_value, label="value")
    failed = server_errors(hostile_client, endpoint, real_params(endpoint), value)
    assert not failed, "\n".join(map(repr, failed))


@pytest.mark.slow
def test_hostile_query_strings_on_every_admin_view(content):
    admin = get_user_model().objects.create_superuser("hostile", "h@example.com", "pw-Long-1-x")
    client = Client(raise_request_exception=False)
    client.force_login(admin)
    failed = []
    for endpoint in endpoints():
        if not endpoint.path.startswith("/admin/"):
            continue
        for value in ADMIN_VALUES:
            query = "&".join(f"{name}={value}" for name in ADMIN_FIELDS) + f"&{value}=1"
            response = client.get(f"{endpoint.path}?{query}")
            if response.status_code >= 500:
                failed.append((endpoint.path, value[:10], _error(response)))
            hostile_path = endpoint.route.format(*(["0" + value] * len(endpoint.params)))
            if hostile_path != endpoint.route and client.get(hostile_path).status_code >= 500:
                failed.append((hostile_path[:80], "path", ""))
    assert not failed, "\n".join(map(repr, failed))
