"""Delete search-log rows older than KB_SEARCH_LOG_RETENTION_DAYS (run it daily from cron).

Idempotent: a second run deletes nothing. Votes and step outcomes are kept (they carry no
query text); the learned ranking only reads the search log inside the retention period.
"""

from django.core.management.base import BaseCommand, CommandError

from kb import conf
from kb.models import SearchLog


class Command(BaseCommand):
    help = "Delete search-log rows older than KB_SEARCH_LOG_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Keep this many days instead of the setting.")  # fmt: skip

    def handle(self, *args, days, **options):
        days = conf.setting("KB_SEARCH_LOG_RETENTION_DAYS") if days is None else days
        if days < 1:
            raise CommandError("Keep at least one day of the search log.")
        deleted, _ = SearchLog.objects.older_than(days).delete()
        self.stdout.write(f"Deleted {deleted} search-log row(s) older than {days} days.")
