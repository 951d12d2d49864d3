"""Feedback posts are rate-limited per client address, in Redis or in the database."""

import uuid

import pytest
from django.test import override_settings

from kb.feedback import ratelimit
from kb.models import RateLimitBucket

from .support import REDIS_TEST_URL, redis_or_skip

VOTE_URL = "/feedback/vote/"


def fresh_address() -> str:
    """A client address no other test uses, so counts never leak between tests."""
    raw = uuid.uuid4().int
    return f"10.{raw % 250}.{raw // 250 % 250}.{raw // 62500 % 250 + 1}"


class FakeRequest:
    def __init__(self, remote="", forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no proxy: the header is forged
        (1, "10.0.0.2", "198.51.100.7", "198.51.100.7"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # client-written entry ignored
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.5", "198.51.100.7"),
        (2, "10.0.0.2", "198.51.100.7", "198.51.100.7"),  # skipped the outer proxy
        (1, "10.0.0.2", None, "10.0.0.2"),
        (1, "10.0.0.2", "not-an-address", "unknown"),
        (0, "2001:db8:1:2:3:4:5:6", None, "2001:db8:1:2::/64"),
        (0, "::ffff:192.0.2.4", None, "192.0.2.4"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(proxies, remote, forwarded, expected):
    with override_settings(KB_TRUSTED_PROXY_COUNT=proxies):
        assert ratelimit.client_address(FakeRequest(remote, forwarded)) == expected


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.5", "198.51.100.7"),
        (1, "10.0.0.2", "not-an-address", None),
        (0, "2001:db8:1:2:3:4:5:6", None, "2001:db8:1:2:3:4:5:6"),
        (0, "::ffff:192.0.2.4", None, "192.0.2.4"),
    ],
)
def test_sign_in_lockout_reads_the_same_client_address(proxies, remote, forwarded, expected):
    # django-axes keys its lockouts by this address; the feedback limits bucket the same one.
    from axes.helpers import get_client_ip_address

    with override_settings(KB_TRUSTED_PROXY_COUNT=proxies):
        assert get_client_ip_address(FakeRequest(remote, forwarded)) == expected


def _post_many(client, n, address, **extra):
    return [
        client.post(VOTE_URL, {"token": "x", "helpful": "yes"}, REMOTE_ADDR=address, **extra)
        for _ in range(n)
    ]


@pytest.fixture
def db_limiter(db):
    with override_settings(REDIS_URL="", KB_RATE_LIMITS={"feedback": (3, 600)}):
        yield


def test_fourth_post_in_window_gets_429_with_readable_page(client, db_limiter):
    address = fresh_address()
    responses = _post_many(client, 4, address)
    assert [r.status_code for r in responses] == [400, 400, 400, 429]
    limited = responses[-1]
    assert "Please try again in about" in limited.content.decode()
    assert "<html" in limited.content.decode()
    assert 0 < int(limited["Retry-After"]) <= 600
    assert RateLimitBucket.objects.get(key=f"feedback:{address}").count == 4


def test_429_page_links_back_to_the_page_the_visitor_was_on(client, db_limiter):
    address = fresh_address()
    back = "http://testserver/s/user-not-matched/"
    limited = _post_many(client, 4, address, HTTP_REFERER=back)[-1]
    assert f'href="{back}"' in limited.content.decode()
    elsewhere = _post_many(client, 1, address, HTTP_REFERER="https://evil.example/")[0]
    assert "evil.example" not in elsewhere.content.decode()


def test_429_for_htmx_is_a_fragment_in_the_widget(client, db_limiter):
    responses = _post_many(client, 4, fresh_address(), HTTP_HX_REQUEST="true")
    html = responses[-1].content.decode()
    assert responses[-1].status_code == 429
    assert html.lstrip().startswith('<section id="feedback"')
    assert "<html" not in html


def test_limit_is_per_client_address(client, db_limiter):
    _post_many(client, 4, fresh_address())
    assert _post_many(client, 1, fresh_address())[0].status_code == 400


def test_limit_reads_address_behind_trusted_proxy(client, db_limiter):
    with override_settings(KB_TRUSTED_PROXY_COUNT=1):
        spoofed = [
            client.post(
                VOTE_URL,
                {},
                REMOTE_ADDR="10.9.9.9",
                HTTP_X_FORWARDED_FOR=f"{fresh_address()}, 192.0.2.77",
            ).status_code
            for _ in range(4)
        ]
    # A new forged left-hand entry each time does not reset the count for 192.0.2.77.
    assert spoofed == [400, 400, 400, 429]


def test_get_requests_are_not_counted(client, db_limiter):
    address = fresh_address()
    for _ in range(5):
        client.get(VOTE_URL, {"token": "x"}, REMOTE_ADDR=address)
    assert not RateLimitBucket.objects.filter(key=f"feedback:{address}").exists()


def test_next_window_starts_a_fresh_count(db_limiter, monkeypatch):
    key = f"feedback:{fresh_address()}"
    start = 1_800_000_000.0
    monkeypatch.setattr(ratelimit.time, "time", lambda: start)
    assert [ratelimit.hit(key, 2, 60).allowed for _ in range(3)] == [True, True, False]
    monkeypatch.setattr(ratelimit.time, "time", lambda: start + 60)
    assert ratelimit.hit(key, 2, 60).allowed


def test_redis_limiter_counts_atomically_with_expiry(client, db):
    redis_client = redis_or_skip()
    address = fresh_address()
    with override_settings(REDIS_URL=REDIS_TEST_URL, KB_RATE_LIMITS={"feedback": (3, 600)}):
        codes = [r.status_code for r in _post_many(client, 4, address)]
    assert codes == [400, 400, 400, 429]
    keys = list(redis_client.scan_iter(f"{ratelimit.REDIS_PREFIX}feedback:{address}:*"))
    assert len(keys) == 1
    assert int(redis_client.get(keys[0])) == 4
    assert 0 < redis_client.ttl(keys[0]) <= 601
    assert not RateLimitBucket.objects.exists()  # Redis did the counting
    redis_client.delete(*keys)


def test_unreachable_redis_falls_back_to_the_database(client, db):
    with override_settings(
        REDIS_URL="redis://127.0.0.1:1/5", KB_RATE_LIMITS={"feedback": (2, 600)}
    ):
        codes = [r.status_code for r in _post_many(client, 3, fresh_address())]
    assert codes == [400, 400, 429]


def test_operators_set_limits_in_the_environment_format():
    from kb.settings import _rate_limits

    assert _rate_limits("feedback=30/600, search=100") == {
        "feedback": (30, 600),
        "search": (100, 600),
    }
    assert _rate_limits("") == {}
