"""Tests that need a service (Redis, Chromium) skip, saying why, on a machine without it; with
KB_REQUIRE_SERVICES=1 (set by .ci/run, where every service is installed) they fail instead, so
a missing service can never pass CI as a silent skip.
"""

import os

import pytest

REQUIRE_SERVICES = "KB_REQUIRE_SERVICES"


def services_required() -> bool:
    return os.environ.get(REQUIRE_SERVICES, "") not in ("", "0")


def service_missing(reason: str):
    """Skip the test for `reason`, or fail it when the services are required."""
    if services_required():
        pytest.fail(f"{reason} ({REQUIRE_SERVICES} is set, so this is a failure, not a skip)")
    pytest.skip(reason)
