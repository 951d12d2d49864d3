"""Delete old rows of the search index's change feed (IndexChange), which grows with every edit.

Every app server replays the feed within seconds, so rows older than a few days are history. A
server that was offline for longer than the rows are kept notices, when it starts, that changes
it never applied are gone, and rebuilds its index from the database before it serves.
"""

from django.core.management.base import BaseCommand, CommandError

from kb.search import index


class Command(BaseCommand):
    help = "Delete search change-feed rows older than --keep-days (default 7); run it daily."

    def add_arguments(self, parser):
        parser.add_argument("--keep-days", type=float, default=7.0)

    def handle(self, *args, keep_days, **options):
        if keep_days < 0:
            raise CommandError("--keep-days must be zero or more.")
        deleted = index.prune_feed(keep_days)
        self.stdout.write(f"Deleted {deleted} change-feed rows older than {keep_days:g} days.")
