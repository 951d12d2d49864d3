"""Back up the seed content plus N synthetic scenarios with `kb_backup`, restore it with
`kb_restore` into a new empty database of the same kind, and compare the two databases row by
row (microseconds included); print sizes and times.

    .venv/bin/python bench/backup_restore.py --scenarios 10000
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/backup_restore.py

Runs in a throwaway test database; the commands run as separate processes, as an operator
runs them. Exit status 1 when a row differs.
"""

import argparse
import json
import os
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")

from bench.throwaway import seeded_database  # noqa: E402

READ_ROWS = """
import json, sys
import django
django.setup()
from tests.operations.backup_support import database_rows
json.dump(database_rows(), open(sys.argv[1], "w"))
"""


def _run(args, env, label) -> float:
    started = time.perf_counter()
    run = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    elapsed = time.perf_counter() - started
    if run.returncode:
        sys.exit(f"{label} failed:\n{run.stdout}{run.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=10_000)
    args = parser.parse_args()

    with seeded_database() as connection, tempfile.TemporaryDirectory() as tmp:
        from django.core.management import call_command

        from tests.operations.backup_support import database_rows, sub_millisecond_times
        from tests.operations.scale_out_support import database_url

        if args.scenarios:
            call_command("kb_synth", scenarios=args.scenarios, seed=1, verbosity=0)
        tmp = Path(tmp)
        backup = tmp / "kb.json"
        env = {**os.environ, "DATABASE_URL": database_url(connection),
               "KB_INDEX_DIR": str(tmp / "index")}
        backup_s = _run([sys.executable, "manage.py", "kb_backup", str(backup)], env, "kb_backup")
        original = database_rows()

        target, drop = _empty_database(connection, tmp)
        env = {**env, "DATABASE_URL": target, "KB_INDEX_DIR": str(tmp / "restored-index")}
        try:
            migrate_s = _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env,
                             "migrate")
            restore_s = _run([sys.executable, "manage.py", "kb_restore", str(backup)], env,
                             "kb_restore")
            _run([sys.executable, "-c", READ_ROWS, str(tmp / "restored.json")], env, "read")
        finally:
            drop()
        restored = json.loads((tmp / "restored.json").read_text())

        rows = sum(map(len, original.values()))
        differing = [label for label in original if restored.get(label) != original[label]]
        print(f"database: {connection.vendor}; seed content + {args.scenarios:,} synthetic "
              f"scenarios; {rows:,} rows in {len(original)} models, "
              f"{sub_millisecond_times(original):,} times finer than a millisecond")
        print(f"kb_backup: {backup.stat().st_size / 1e6:.1f} MB in {backup_s:.1f} s, "
              f"mode {stat.S_IMODE(backup.stat().st_mode):o}")
        print(f"restore: migrate {migrate_s:.1f} s + kb_restore {restore_s:.1f} s "
              "(loaddata and the index rebuild)")
        print(f"restored database: {'every row identical' if not differing else differing}")
        return 1 if differing else 0


def _empty_database(connection, tmp: Path):
    """A URL for a new, empty database beside the throwaway one; a callable that drops it."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp / 'restored.sqlite3'}", lambda: None
    import psycopg

    from tests.operations.scale_out_support import database_url

    url = database_url(connection)
    server, name = url.rsplit("/", 1)
    name = f"{name}_restore"

    def admin(sql):
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}", lambda: admin(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    sys.exit(main())
