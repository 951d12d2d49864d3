"""The rate limit holds across worker processes: two processes share one count."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from kb.models import RateLimitBucket

from .support import REDIS_TEST_URL, redis_or_skip

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 15
POSTS_PER_PROCESS = 20

# Each worker posts to the vote endpoint through Django's test client (the whole middleware
# stack and the decorator), starting at the same moment as its sibling.
WORKER = """
import json, os, sys, time
import django
django.setup()
from django.test import Client
client = Client()
time.sleep(max(0, %(start_at)f - time.time()))
codes = [
    client.post("/feedback/vote/", {"helpful": "yes"}, REMOTE_ADDR="192.0.2.200").status_code
    for _ in range(%(posts)d)
]
print(json.dumps(codes))
"""


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgresql://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


@pytest.mark.slow
@pytest.mark.parametrize("redis_url", ["", REDIS_TEST_URL], ids=["database", "redis"])
def test_limit_is_shared_by_two_worker_processes(transactional_db, redis_url):
    if redis_url:
        client = redis_or_skip(redis_url)
        for key in client.scan_iter("kb:ratelimit:feedback:192.0.2.200:*"):
            client.delete(key)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        # A window far longer than the test, so the count never straddles a window boundary.
        "KB_RATE_LIMITS": f"feedback={LIMIT}/1000000",
    }
    script = WORKER % {"start_at": time.time() + 3, "posts": POSTS_PER_PROCESS}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script], cwd=ROOT, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(2)
    ]
    codes = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        codes += json.loads(out.strip().splitlines()[-1])
    assert len(codes) == 2 * POSTS_PER_PROCESS
    assert codes.count(400) == LIMIT  # let through to the view (and refused there: no token)
    assert codes.count(429) == 2 * POSTS_PER_PROCESS - LIMIT
    if not redis_url:
        assert RateLimitBucket.objects.get().count == 2 * POSTS_PER_PROCESS
    else:
        for key in client.scan_iter("kb:ratelimit:feedback:192.0.2.200:*"):
            client.delete(key)
