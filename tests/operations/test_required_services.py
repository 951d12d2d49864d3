"""A test whose service (Redis, Chromium) is missing skips on a newcomer's machine and fails in
CI, where .ci/run sets KB_REQUIRE_SERVICES=1 because every service is installed there."""

from pathlib import Path

import pytest

from tests.feedback.support import redis_or_skip
from tests.services import REQUIRE_SERVICES

NOBODY_LISTENS = "redis://127.0.0.1:1/0"


def test_missing_redis_is_a_skip_on_a_machine_without_it(monkeypatch):
    monkeypatch.delenv(REQUIRE_SERVICES, raising=False)
    with pytest.raises(pytest.skip.Exception, match="Redis not reachable"):
        redis_or_skip(NOBODY_LISTENS)


def test_missing_redis_is_a_failure_when_services_are_required(monkeypatch):
    monkeypatch.setenv(REQUIRE_SERVICES, "1")
    with pytest.raises(pytest.fail.Exception, match="Redis not reachable"):
        redis_or_skip(NOBODY_LISTENS)


def test_missing_chromium_is_a_failure_when_services_are_required(monkeypatch):
    from tests.browser import conftest

    monkeypatch.setenv(REQUIRE_SERVICES, "1")
    monkeypatch.setattr(conftest, "CHROMIUM", Path("/nonexistent/chromium"))
    with pytest.raises(pytest.fail.Exception, match="need Chromium"):
        next(conftest.browser.__wrapped__())


def test_ci_requires_every_service():
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text()
    assert f"export {REQUIRE_SERVICES}=" in ci
