"""Admin access beyond tests/admin/test_admin_roles.py: editors are refused every user- and
lockout-management endpoint the URLconf has (walked, so a new one is covered), and the sign-in
lockout follows the client address the proxy setting trusts: a forged X-Forwarded-For header
gives a password guesser no fresh count, and locking out a guesser never locks out the editor.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings

from tests.admin.support import PASSWORD

from .urlconf_walk import endpoints

pytestmark = pytest.mark.django_db

MANAGEMENT = ("admin:auth_", "admin:axes_")


def test_editor_is_refused_every_user_and_lockout_endpoint(editor_client, editor):
    targets = [e for e in endpoints() if e.name.startswith(MANAGEMENT)]
    assert len(targets) >= 10  # users, groups, passwords, lockout records
    reached = []
    for endpoint in targets:
        path = endpoint.path.replace("/0/", f"/{editor.pk}/")  # the editor's own account too
        for method in (editor_client.get, editor_client.post):
            response = method(path, {"is_superuser": "on", "username": "edna"})
            # A missing record's page sends the editor back to the index, as for anyone.
            bounced = response.status_code == 302 and response["Location"] == "/admin/"
            if response.status_code not in (403, 404) and not bounced:
                reached.append((endpoint.name, method.__name__, response.status_code))
    assert reached == [], reached
    editor.refresh_from_db()
    assert not editor.is_superuser


def _sign_in(client, password, remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client.post(
        "/admin/login/?next=/admin/", {"username": "edna", "password": password},
        REMOTE_ADDR=remote, **extra,
    )


def _locked_addresses() -> set[str]:
    return set(AccessAttempt.objects.filter(username="edna").values_list("ip_address", flat=True))


@pytest.mark.slow
@override_settings(KB_TRUSTED_PROXY_COUNT=0)
def test_without_a_proxy_the_lockout_follows_the_connection_not_the_header(editor):
    # No trusted proxy: X-Forwarded-For is the client's own words, so a fresh forged value on
    # every guess gives no fresh count, and the lockout is recorded for the connection.
    guesser = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(guesser, "guess", "198.51.100.7", f"203.0.113.{n}")

    assert _sign_in(guesser, PASSWORD, "198.51.100.7", "203.0.113.250").status_code == 429
    assert guesser.get("/admin/").status_code == 302
    assert _locked_addresses() == {"198.51.100.7"}
    # The editor at another address, claiming the guesser's forged address, still signs in.
    admin = Client()
    assert _sign_in(admin, PASSWORD, "192.0.2.20", "203.0.113.0").status_code == 302
    assert admin.get("/admin/").status_code == 200


@pytest.mark.slow
@override_settings(KB_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_lockout_follows_the_forwarded_client(editor):
    # Every request arrives from the proxy (127.0.0.1), which appends the address it saw;
    # whatever the client wrote further left is ignored.
    guesser = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(guesser, "guess", "127.0.0.1", f"10.6.6.{n}, 203.0.113.5")

    assert _sign_in(guesser, PASSWORD, "127.0.0.1", "10.6.6.99, 203.0.113.5").status_code == 429
    assert guesser.get("/admin/").status_code == 302
    assert _locked_addresses() == {"203.0.113.5"}
    # The real editor, at another client address behind the same proxy, is not locked out.
    admin = Client()
    assert _sign_in(admin, PASSWORD, "127.0.0.1", "198.51.100.20").status_code == 302
    assert admin.get("/admin/").status_code == 200
