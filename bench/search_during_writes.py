"""Searches while editors save through the admin and full index rebuilds run: print searches
answered, errors, latency, edits saved, rebuilds, and the index check afterwards.

    .venv/bin/python bench/search_during_writes.py                      # SQLite
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME \
        .venv/bin/python bench/search_during_writes.py --edits 200
    .venv/bin/python bench/search_during_writes.py --edits 200 --rebuild-pause 0.02  # back to back

Runs in a throwaway test database with the seed content and a fresh index in a temporary
directory (tests/search/search_under_writes.py does the work). Exit status 1 on any error or
when the index differs from the database afterwards.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("KB_INDEX_DIR", tempfile.mkdtemp(prefix="kb-writes-index-"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--searchers", type=int, default=2)
    parser.add_argument(
        "--rebuild-pause", type=float, default=0.2, help="Seconds between two full rebuilds."
    )
    args = parser.parse_args()

    from throwaway import seeded_database

    with seeded_database() as connection:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from kb.admin.roles import EDITOR_GROUP
        from kb.search import search
        from tests.search.search_under_writes import index_check, run

        editor = get_user_model().objects.create_user("bench-editor", is_staff=True)
        editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
        search("warm up")
        out = run(
            editor, edits=args.edits, searchers=args.searchers, rebuild_pause=args.rebuild_pause
        )
        code, report = index_check()
    print(f"database: {connection.vendor}")
    print(
        f"edits saved: {out.edits_saved}/{args.edits}  full rebuilds meanwhile: {out.rebuilds}"
        f"  in {out.seconds:.1f} s"
    )
    print(
        f"searches answered: {out.searches}  errors: {len(out.errors)}  "
        f"latency p50 {out.p50_ms:.0f} ms  p95 {out.p95_ms:.0f} ms"
    )
    print(f"kb_index_check afterwards: {report.strip().splitlines()[-1]} (exit {code})")
    for error in out.errors[:10]:
        print("  error:", error)
    return 1 if out.errors or code else 0


if __name__ == "__main__":
    sys.exit(main())
