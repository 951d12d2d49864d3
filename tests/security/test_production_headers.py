"""Under the production environment (a separate process, settings read from the environment as
a deployment reads them), every kind of response carries the security headers: pages, HTMX
fragments, the admin, a 404, a refused POST, static files and the JSON API. Complements
tests/security/test_security_settings.py, which checks `check --deploy` and one page.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.operations.scale_out_support import database_url

from .test_security_settings import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import django
django.setup()
from django.test import Client
client = Client(SERVER_NAME="kb.example.com")
out = {}
def keep(name, response):
    out[name] = {"status": response.status_code, "headers": dict(response.headers),
                 "cookies": {k: {"secure": bool(v["secure"]), "httponly": bool(v["httponly"]),
                                 "samesite": v["samesite"]} for k, v in response.cookies.items()}}
https = {"secure": True, "HTTP_X_FORWARDED_PROTO": "https"}
keep("plain http", client.get("/", secure=False))
for name, path, extra in json.loads(sys.argv[1]):
    keep(name, client.get(path, **https, **extra))
keep("refused post", client.post("/feedback/vote/", {}, **https))
print(json.dumps(out))
"""

HTML = [
    ("home", "/", {}),
    ("scenario", "/s/tr-access-token-expired/", {}),
    ("search", "/search?q=token+expired", {}),
    ("search fragment", "/search?q=token+expired", {"HTTP_HX_REQUEST": "true"}),
    ("admin login", "/admin/login/", {}),
    ("not found", "/no-such-page/", {}),
]
OTHER = [
    ("api", "/api/search?q=token", {}),
    ("static", "/static/css/kb.css", {}),
]


def _probe(tmp_path):
    from django.core.management import call_command

    call_command("kb_load_content", verbosity=0)
    env = {**os.environ, **PRODUCTION_ENV, "DATABASE_URL": database_url(connection),
           "KB_INDEX_DIR": str(tmp_path / "index")}
    run = subprocess.run([sys.executable, "-c", PROBE, json.dumps(HTML + OTHER)], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def _check_headers(name, r):
    assert r["status"] < 500, (name, r["status"])
    h = r["headers"]
    hsts = h["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
    assert h["X-Content-Type-Options"] == "nosniff", name
    assert h["Referrer-Policy"] == "same-origin", name
    assert h["Cross-Origin-Opener-Policy"] == "same-origin", name
    if name == "static":  # a CSS file is never framed or run; whitenoise answers before CSP
        return
    assert h["X-Frame-Options"] == "DENY", name
    directives = dict(d.strip().split(" ", 1) for d in h["Content-Security-Policy"].split(";"))
    assert "'unsafe-inline'" not in directives["script-src"], name
    assert "'unsafe-eval'" not in directives["script-src"], name
    assert directives["frame-ancestors"] == "'none'", name
    assert directives["object-src"] == "'none'", name


@pytest.mark.slow
def test_every_kind_of_response_carries_the_security_headers_in_production(
    transactional_db, tmp_path
):
    responses = _probe(tmp_path)
    plain = responses.pop("plain http")
    assert plain["status"] == 301
    assert plain["headers"]["Location"].startswith("https://kb.example.com/")
    assert set(responses) == {n for n, _, _ in HTML + OTHER} | {"refused post"}
    assert responses["static"]["status"] == 200 and responses["scenario"]["status"] == 200
    for name, r in responses.items():
        _check_headers(name, r)
    for name, _, extra in HTML:
        if extra:  # a fragment runs under the CSP of the page it is swapped into
            continue
        csp = responses[name]["headers"]["Content-Security-Policy"]
        script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
        assert "'nonce-" in script_src and "'self'" in script_src, name
    cookies = {k: v for r in responses.values() for k, v in r["cookies"].items()}
    assert "csrftoken" in cookies
    assert all(c["secure"] for c in cookies.values()), cookies
    for name in ("sessionid", "kb_visitor"):
        if name in cookies:
            assert cookies[name]["httponly"], name
