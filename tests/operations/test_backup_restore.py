"""Nothing lost: a kb_backup restored into an empty database gives back the same content,
feedback, history and users, and search answers exactly as before.

The restore runs in a separate process against a second database of the same kind as the
suite's (a new SQLite file, or a PostgreSQL database next to the test database), with its own
empty index directory, the way an operator would restore onto a new server.
"""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from kb.models import (
    Article,
    Outcome,
    PageView,
    Scenario,
    SearchLog,
    StepCheck,
    StepOutcome,
    Synonym,
    Vote,
)
from kb.search import search

from .backup_support import (
    add_screenshots,
    database_rows,
    image_files,
    sub_millisecond_times,
    transient_models,
)

ROOT = Path(__file__).resolve().parents[2]
QUERIES = [
    "contact won't sync to accounting",
    "legal tracker token expired",
    "webhook not configured",
    "matter balances not visible",
    "time entry cannot be saved",
    "user not matched",
    "hold acknowledgement status missing",
    "numbering sequence",
]

# Run in the restored database: read every row, search, then add an article (the id sequences
# must have moved past the restored rows).
AFTER_RESTORE = """
import json, sys
import django
django.setup()
from kb.models import Article
from kb.search import search
from tests.operations.backup_support import database_rows, image_files
rows = database_rows()
files = image_files()
results = {q: [h.slug for h in search(q, limit=5).results] for q in json.loads(sys.argv[1])}
Article.objects.create(slug="written-after-restore", title="Written after the restore")
print(json.dumps({"rows": rows, "search": results, "files": files}))
"""
# A time a millisecond-precision backup would change.
PRECISE = datetime(2025, 3, 4, 10, 15, 11, 456, tzinfo=UTC)


# Left out of a backup: rebuilt by migrate or after a restore, or worthless once restored.
TRANSIENT = {"contenttypes.contenttype", "auth.permission", "sessions.session",
             "axes.accessattempt", "axes.accessattemptexpiration", "kb.ratelimitbucket",
             "kb.indexchange"}


def _target_database(tmp_path):
    """A URL for an empty database of the suite's kind; a callable that drops it."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    import psycopg

    name = f"{settings['NAME']}_restore"
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    server = f"postgresql://{settings['USER']}{password}@{host}:{port}"

    def admin(sql):
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}", lambda: admin(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def lived_in(content, settings, client):
    """The seed content after some use: edits (history), votes, outcomes, searches, editors,
    sign-ins (the audit log), and times that fall between milliseconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    editor = get_user_model().objects.create_user("editor", "e@example.com", "pw-Long-enough-1",
                                                  is_staff=True)
    group, _ = Group.objects.get_or_create(name="Editor")
    editor.groups.add(group)
    for password in ("a wrong guess", "pw-Long-enough-1"):
        client.post("/admin/login/?next=/admin/", {"username": "editor", "password": password})
    assert AccessLog.objects.filter(username="editor").exists()
    scenario = Scenario.objects.get(slug="tr-access-token-expired")
    scenario.symptom += " The tracker says the token has expired."
    scenario.save()
    article = scenario.issue.article
    for n in range(12):
        visitor = f"{n:032x}"
        vote = Vote.objects.create(article=article, scenario=scenario if n % 2 else None,
                                   visitor=visitor, helpful=n % 3 == 0,
                                   reasons=[] if n % 3 == 0 else ["outdated"],
                                   comment=f"comment {n}: token refresh é 😀")
        Vote.objects.filter(pk=vote.pk).update(created_at=PRECISE + timedelta(microseconds=n))
        step = scenario.steps.order_by("order")[n % scenario.steps.count()]
        StepOutcome.objects.create(step=step, visitor=visitor,
                                   outcome=Outcome.FIXED if n % 2 else Outcome.NOT_HELPFUL)
        StepCheck.objects.create(step=step, visitor=visitor)
        SearchLog.objects.create(query=f"token expired {n}", normalized=f"token expired {n}",
                                 results_count=1, top_slug=scenario.slug, visitor=visitor,
                                 clicked_scenario=scenario if n % 2 else None,
                                 clicked_at=PRECISE if n % 2 else None)
    PageView.objects.create(article=article, scenario=scenario, day=timezone.localdate(),
                            count=41)
    Synonym.objects.create(terms="LT, legal tracker")
    add_screenshots(scenario)
    call_command("kb_rebuild_index", verbosity=0)


@pytest.mark.slow
def test_backup_restored_into_an_empty_database_loses_nothing(lived_in, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("kb_backup", str(backup), verbosity=0)
    original = database_rows()
    before = {q: [h.slug for h in search(q, limit=5).results] for q in QUERIES}

    url, drop = _target_database(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "KB_INDEX_DIR": str(tmp_path / "index"),
           "KB_MEDIA_ROOT": str(tmp_path / "restored-media"),
           "DJANGO_SETTINGS_MODULE": "kb.settings"}
    try:
        for command in (["migrate", "--noinput", "-v0"], ["kb_restore", str(backup)]):
            run = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                                 capture_output=True, text=True, timeout=180)
            assert run.returncode == 0, run.stdout + run.stderr
        after = subprocess.run(
            [sys.executable, "-c", AFTER_RESTORE, json.dumps(QUERIES)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
        )
        assert after.returncode == 0, after.stderr
    finally:
        drop()

    restored = json.loads(after.stdout.strip().splitlines()[-1])
    print(f"rows={sum(map(len, original.values()))} in {len(original)} models")
    # The comparison is between databases that hold every kind of row, and times a
    # millisecond-precision backup would change.
    empty = [label for label in (
        "kb.article", "kb.scenario", "kb.solutionstep", "kb.vote", "kb.stepoutcome",
        "kb.stepcheck", "kb.pageview", "kb.searchlog", "kb.synonym", "kb.historicalscenario",
        "auth.user", "auth.group", "axes.accesslog", "axes.accessfailurelog", "kb.stepimage",
    ) if not original.get(label)]
    assert empty == []
    assert sub_millisecond_times(original) >= 12
    assert transient_models() == TRANSIENT
    for label, rows in original.items():
        assert restored["rows"][label] == rows, label
    assert restored["rows"].keys() == original.keys()
    assert restored["search"] == before
    # Screenshot files, those of rows and the one only a version names, byte for byte.
    assert restored["files"] == image_files() and len(restored["files"]) == 3
    assert all(before[q] for q in QUERIES[:3])  # the comparison is between real answers


def test_restore_refuses_a_database_that_holds_content(content, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("kb_backup", str(backup), verbosity=0)
    with pytest.raises(Exception, match="already holds content"):
        call_command("kb_restore", str(backup), verbosity=0)
    assert Article.objects.count() == len({a.pk for a in Article.objects.all()})
