"""Admin access beyond tests/test_admin_roles.py: editors are refused every user- and
lockout-management endpoint the URLconf has (walked, so a new one is covered), and a forged
X-Forwarded-For header does not give a password guesser a fresh count.
"""

import pytest
from django.conf import settings

from .admin_support import PASSWORD
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


def test_a_forged_forwarded_for_header_does_not_reset_the_lockout(client, editor):
    # No trusted proxy is configured: X-Forwarded-For is the client's own words.
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/?next=/admin/", {"username": "edna", "password": "guess"},
                    REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "edna", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.250",
    )
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302
