"""Helpers shared by the feedback tests: a browser identity and a vote form's fields."""

import uuid

from django.http import HttpResponse

from kb.feedback.votes import make_token
from kb.visitor.identity import COOKIE_NAME, COOKIE_SALT
from tests.services import service_missing


def new_visitor() -> str:
    return uuid.uuid4().hex


def as_visitor(client, visitor: str):
    """Make `client` send the signed cookie of `visitor`, as a returning browser would."""
    response = HttpResponse()
    response.set_signed_cookie(COOKIE_NAME, visitor, salt=COOKIE_SALT)
    client.cookies[COOKIE_NAME] = response.cookies[COOKIE_NAME].value
    return client


def vote_data(visitor, page, helpful="yes", reasons=(), comment="", **extra):
    from kb.models import Scenario

    if isinstance(page, Scenario):
        token = make_token(visitor, article_id=page.issue.article_id, scenario_id=page.pk)
    else:
        token = make_token(visitor, article_id=page.pk)
    data = {"token": token, "helpful": helpful, "reasons": list(reasons), "comment": comment}
    if helpful == "no" and (reasons or comment):
        data["refine"] = "1"  # the reasons form, refining the "No" recorded when clicked
    return {**data, **extra}


REDIS_TEST_URL = "redis://127.0.0.1:6379/5"


def redis_or_skip(url: str = REDIS_TEST_URL):
    """A client for the test Redis database, or skip the test saying why (fail it in CI)."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError as exc:
        service_missing(f"Redis not reachable at {url}: {exc}")
    return client
