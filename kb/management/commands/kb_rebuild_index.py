"""Rebuild the search index from the database into a fresh directory and swap it in atomically.

Searches keep answering from the previous index while this runs; changes saved meanwhile are
replayed from the change feed right after the swap.
"""

from django.core.management.base import BaseCommand

from kb.search.maintenance import rebuild_now


class Command(BaseCommand):
    help = "Rebuild the search index (KB_INDEX_DIR) from the database; atomic swap when done."

    def add_arguments(self, parser):
        parser.add_argument(
            "--procs", type=int, default=1, help="Writer processes (large indexes only)."
        )

    def handle(self, *args, procs, **options):
        stats = rebuild_now(procs=procs)
        self.stdout.write(
            f"Indexed {stats['documents']} scenarios with {stats['engine']} in "
            f"{stats['seconds']:.2f} s ({stats['path']}); {stats['replayed']} change(s) replayed "
            "after the swap."
        )
