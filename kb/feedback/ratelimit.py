"""Rate limits per client address that hold across every worker process.

    @rate_limited("feedback", 30, per=600)
    def vote(request): ...

A fixed-window counter: with `REDIS_URL` set, an atomic INCR + EXPIRE in one MULTI/EXEC; without
it, one `INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count` on the
RateLimitBucket table, which PostgreSQL and SQLite both run atomically, so two processes can
never both see the same count. (A local-memory cache is per process, and Django's database
cache has no atomic increment, so neither would do.)

`settings.KB_RATE_LIMITS = {"feedback": (limit, seconds)}` overrides a decorator's figures
without a code change (operators; tests).
"""

import ipaddress
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from kb import conf
from kb.visitor.client_ip import client_ip

logger = logging.getLogger(__name__)

REDIS_PREFIX = "kb:ratelimit:"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window resets


def client_address(request) -> str:
    """The bucket a request counts against: its client address (kb.visitor.client_ip, the one the
    sign-in lockout uses too), with an IPv6 client's whole /64 counted as one."""
    address = client_ip(request)
    if address is None:
        return "unknown"
    if ":" in address:
        # One IPv6 subscriber usually holds a whole /64: count it as one client.
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return address


def hit(key: str, limit: int, per: int) -> Verdict:
    """Count one request against `key` in the current window and say whether it is allowed."""
    now = time.time()
    window = int(now // per)
    retry_after = max(1, int((window + 1) * per - now))
    count = None
    if getattr(settings, "REDIS_URL", ""):
        try:
            count = _redis_hit(f"{key}:{per}:{window}", per)
        except Exception:  # noqa: BLE001 - any Redis failure: fall back, never lose the limit
            logger.warning("Redis rate limiter unavailable; counting in the database instead")
    if count is None:
        count = _db_hit(key, datetime.fromtimestamp(window * per, tz=UTC), per)
    return Verdict(allowed=count <= limit, count=count, limit=limit, retry_after=retry_after)


_redis_clients: dict[str, object] = {}


def _redis_client():
    import redis

    url = settings.REDIS_URL
    if url not in _redis_clients:
        _redis_clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=0.5
        )
    return _redis_clients[url]


def _redis_hit(key: str, per: int) -> int:
    pipe = _redis_client().pipeline(transaction=True)
    pipe.incr(REDIS_PREFIX + key)
    pipe.expire(REDIS_PREFIX + key, per + 1)
    count, _ = pipe.execute()
    return int(count)


def _db_hit(key: str, window_start: datetime, per: int) -> int:
    from kb.models import RateLimitBucket

    q = connection.ops.quote_name
    table, key_col, start_col, count_col = (
        q(RateLimitBucket._meta.db_table), q("key"), q("window_start"), q("count")
    )
    # One statement: insert the window's row or bump it. The unique (key, window_start)
    # constraint is the arbiter, so concurrent first requests cannot create two rows.
    sql = (
        f"INSERT INTO {table} ({key_col}, {start_col}, {count_col}) VALUES (%s, %s, 1) "
        f"ON CONFLICT ({key_col}, {start_col}) "
        f"DO UPDATE SET {count_col} = {table}.{count_col} + 1 RETURNING {count_col}"
    )
    params = [key[:200], connection.ops.adapt_datetimefield_value(window_start)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        count = cursor.fetchone()[0]
    if count == 1:
        _forget_old_windows(window_start - timedelta(seconds=max(per, 86400)))
    return count


def _forget_old_windows(before: datetime) -> None:
    from kb.models import RateLimitBucket

    try:
        RateLimitBucket.objects.filter(window_start__lt=before).delete()
    except DatabaseError:  # tidying up is optional; the next new window tries again
        logger.warning("Could not delete old rate-limit windows", exc_info=True)


def limits_for(scope: str, limit: int, per: int) -> tuple[int, int]:
    return conf.setting("KB_RATE_LIMITS").get(scope, (limit, per))


def rate_limited(scope: str, limit: int, per: int = 600, methods=("POST",)):
    """Refuse with 429 once a client address has made `limit` requests in `per` seconds."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                return view(request, *args, **kwargs)
            max_count, seconds = limits_for(scope, limit, per)
            verdict = hit(f"{scope}:{client_address(request)}", max_count, seconds)
            if not verdict.allowed:
                return too_many_requests(request, verdict)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def too_many_requests(request, verdict: Verdict):
    minutes = max(1, round(verdict.retry_after / 60))
    template = "kb/feedback/limited.html"
    if getattr(request, "htmx", False):
        template += "#message"
    referer = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    context = {"minutes": minutes, "limit": verdict.limit, "back_url": referer if safe else ""}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response
