"""Compare the search index with the database: documents missing, left over or out of date.

Exit status 1 when differences remain (so monitoring can alert); `--repair` rewrites exactly the
documents that differ.
"""

import sys

from django.core.management.base import BaseCommand

from kb.search.maintenance import check


class Command(BaseCommand):
    help = "Report differences between the search index and the database; --repair fixes them."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Rewrite what differs.")

    def handle(self, *args, repair, **options):
        diff = check(repair=repair)
        for label, slugs in (
            ("missing from the index", diff.missing),
            ("in the index but not published", diff.extra),
            ("out of date in the index", diff.stale),
        ):
            for slug in slugs:
                self.stdout.write(f"{label}: {slug}")
        if diff.engine != diff.rebuild_engine:
            # Not a difference: the index serves. Past the line, searches and rebuilds are slow.
            self.stdout.write(
                f"engine: {diff.engine} indexes {diff.published} published scenarios; "
                f"kb_rebuild_index would build them with {diff.rebuild_engine} (KB_SEARCH_ENGINE"
                "=auto chooses by size)"
            )
        self.stdout.write(
            f"engine={diff.engine} "
            f"indexed={diff.indexed} published={diff.published} missing={len(diff.missing)} "
            f"extra={len(diff.extra)} stale={len(diff.stale)}"
            + (" (repaired)" if repair and not diff.clean else "")
        )
        if not diff.clean and not repair:
            sys.exit(1)
