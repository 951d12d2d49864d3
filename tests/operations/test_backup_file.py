"""A backup never damages the previous one: `kb_backup` writes a private temporary file beside
it and swaps it in only when complete, so a run that fails or is killed mid-write leaves the
last good backup as it was; and nobody but its owner can read a backup (password hashes).
"""

import json
import os
import signal
import stat
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.core.serializers import json as json_serializer
from django.db import connection

from kb.operations.atomic_files import remove_leftovers

from .scale_out_support import ROOT, database_url

# A kb_backup whose serialiser never runs out of rows and writes them slowly, flushed to the
# file one by one: it is mid-write for as long as the test likes.
ENDLESS_BACKUP = """
import itertools, sys, time
import django
django.setup()
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.serializers import base, json as json_serializer

def endless_groups():
    for n in itertools.count(1):
        time.sleep(0.01)
        yield Group(pk=10**6 + n, name="group %d %s" % (n, "x" * 500))

real_serialize, real_end_object = base.Serializer.serialize, json_serializer.Serializer.end_object
def serialize(self, queryset, **options):
    return real_serialize(self, itertools.chain(queryset, endless_groups()), **options)
def end_object(self, obj):
    real_end_object(self, obj)
    self.stream.flush()
base.Serializer.serialize, json_serializer.Serializer.end_object = serialize, end_object
call_command("kb_backup", sys.argv[1])
"""


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def previous_backup(content, tmp_path):
    """A good backup already in place, as the last nightly run left it."""
    folder = tmp_path / "backups"
    folder.mkdir()
    path = folder / "kb.json"
    call_command("kb_backup", str(path), verbosity=0)
    return path, path.read_bytes()


def test_backup_failing_mid_write_keeps_the_previous_one_and_leaves_no_temporary_file(
    previous_backup, monkeypatch
):
    path, good = previous_backup
    real_end_object = json_serializer.Serializer.end_object
    written = []

    def failing_end_object(self, obj):
        real_end_object(self, obj)
        written.append(obj)
        if len(written) == 60:
            raise RuntimeError("disk full")

    monkeypatch.setattr(json_serializer.Serializer, "end_object", failing_end_object)
    with pytest.raises(Exception, match="disk full"):
        call_command("kb_backup", str(path), verbosity=0)

    assert len(written) == 60  # the failure came mid-way through the rows
    assert path.read_bytes() == good
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_backup_into_a_missing_folder_says_so(content, tmp_path):
    with pytest.raises(Exception, match="No backup written"):
        call_command("kb_backup", str(tmp_path / "missing" / "kb.json"), verbosity=0)


def test_backup_named_as_another_format_is_refused_before_anything_is_written(
    previous_backup,
):
    path, good = previous_backup
    for name in ("kb.json.gz", "kb.xml", "kb"):
        with pytest.raises(Exception, match=r"Name the backup file \*\.json"):
            call_command("kb_backup", str(path.parent / name), verbosity=0)
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_backup_is_readable_by_its_owner_only_from_the_moment_it_is_created(
    previous_backup, monkeypatch
):
    path, _ = previous_backup
    path.chmod(0o644)  # a backup from before: the new one must not inherit its mode
    old_umask = os.umask(0)  # the most permissive umask: the file's own mode must protect it
    modes_while_writing = set()
    real_end_object = json_serializer.Serializer.end_object

    def watching_end_object(self, obj):
        real_end_object(self, obj)
        modes_while_writing.update(_mode(p) for p in path.parent.iterdir() if p != path)

    monkeypatch.setattr(json_serializer.Serializer, "end_object", watching_end_object)
    try:
        call_command("kb_backup", str(path), verbosity=0)
        call_command("kb_backup", str(path.parent / "new.json"), verbosity=0)
    finally:
        os.umask(old_umask)

    assert modes_while_writing == {0o600}
    assert _mode(path) == 0o600
    assert _mode(path.parent / "new.json") == 0o600


# Another process saving a row while the backup runs, on the database's usual waiting rules
# except that SQLite gives up waiting for the write lock after 2 s instead of 30.
WRITE_DURING_BACKUP = """
import time
import django
django.setup()
from django.contrib.auth.models import Group
from django.db import connection
if connection.vendor == "sqlite":
    connection.settings_dict["OPTIONS"]["timeout"] = 2
started = time.perf_counter()
Group.objects.create(name="saved during the backup").delete()
print(round(time.perf_counter() - started, 3))
"""


@pytest.fixture
def backup_mid_write(transactional_db, tmp_path):
    """A kb_backup process of the test database, well into writing its file, over a previous
    backup: (process, its output path, the previous backup's bytes, its environment)."""
    folder = tmp_path / "backups"
    folder.mkdir()
    path = folder / "kb.json"
    good = b'[{"model": "kb.synonym", "pk": 1, "fields": {"terms": "LT, legal tracker"}}]\n'
    path.write_bytes(good)
    env = {**os.environ, "DATABASE_URL": database_url(connection),
           "KB_INDEX_DIR": str(tmp_path / "index"), "DJANGO_SETTINGS_MODULE": "kb.settings"}
    backup = subprocess.Popen([sys.executable, "-c", ENDLESS_BACKUP, str(path)], cwd=ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and backup.poll() is None:
            # Writing has started once some file in the folder holds rows it did not hold.
            if path.read_bytes() != good or any(
                p.stat().st_size > 20_000 for p in folder.iterdir() if p != path
            ):
                break
            time.sleep(0.05)
        assert backup.poll() is None, backup.communicate()
        yield backup, path, good, env
    finally:
        backup.kill()
        backup.wait()


@pytest.mark.slow
def test_backup_killed_mid_write_keeps_the_previous_one_and_the_next_run_cleans_up(
    backup_mid_write,
):
    """SIGKILL leaves no chance to clean up: the previous backup must still be whole, and the
    next run removes the killed run's temporary file."""
    backup, path, good, env = backup_mid_write
    os.kill(backup.pid, signal.SIGKILL)
    backup.wait()

    assert path.read_bytes() == good
    leftovers = [p for p in path.parent.iterdir() if p != path]
    assert leftovers and all(_mode(p) == 0o600 for p in leftovers)

    again = subprocess.run([sys.executable, "manage.py", "kb_backup", str(path)], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    assert json.loads(path.read_text())  # a complete backup of the database
    assert _mode(path) == 0o600


@pytest.mark.slow
def test_votes_and_edits_are_saved_while_a_backup_runs(backup_mid_write):
    backup, *_, env = backup_mid_write
    write = subprocess.run([sys.executable, "-c", WRITE_DURING_BACKUP], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)
    assert write.returncode == 0, write.stderr[-2000:]
    assert float(write.stdout.strip()) < 1.5
    assert backup.poll() is None  # the backup was running all along


def test_a_backup_being_written_by_another_run_is_not_taken_for_a_leftover(tmp_path):
    path = tmp_path / "kb.json"
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True)
    try:
        writing = tmp_path / f".kb.json.{running.pid}.x1.partial"
        left = tmp_path / f".kb.json.{finished.stdout.strip()}.x2.partial"
        others = [tmp_path / ".other.json.1.x3.partial",  # other backups' files
                  tmp_path / f".kb.json.5.{finished.stdout.strip()}.x4.partial"]
        for file in (writing, left, *others):
            file.write_text("[")
        assert remove_leftovers(path) == [left]
        assert writing.exists() and all(file.exists() for file in others)
    finally:
        running.kill()
        running.wait()
