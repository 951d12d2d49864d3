"""Production settings pass Django's deployment checks and every response carries the headers."""

import os
import subprocess
import sys

from django.conf import settings

from tests.process_support import run_python

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x7!kq2-production-like-secret-key-for-the-check-only-0123456789abcdef",
    "DJANGO_HTTPS": "1",
    "DJANGO_ALLOWED_HOSTS": "kb.example.com",
    "DJANGO_DEBUG": "",
}


def test_check_deploy_reports_no_issues_under_production_settings():
    env = {**os.environ, **PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_asked():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    code = "import kb.settings as s; print(s.DEBUG)"
    off = run_python(code, env)
    on = run_python(code, {**env, "DJANGO_DEBUG": "1"})
    assert (off.stdout.strip(), on.stdout.strip()) == ("False", "True")


def test_responses_carry_security_headers(client, content, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = False
    response = client.get("/s/contact-not-synced-pm/", secure=True)
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'nonce-" in script_src
    assert "frame-ancestors 'none'" in csp
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_every_inline_script_carries_the_csp_nonce(client, content):
    response = client.get("/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert f'nonce="{nonce}"' in tag or "src=" in tag, f"script without nonce: <script{tag}>"
