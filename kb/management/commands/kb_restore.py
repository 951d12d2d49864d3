"""Load a `kb_backup` file into an empty, migrated database, then rebuild the search index.

Refuses a database that already holds content: a restore merged into live data would keep
whichever copy of each row happened to load last.
"""

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kb.models import Article, Vote


class Command(BaseCommand):
    help = "Restore a kb_backup file into an empty database and rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="File written by kb_backup.")

    def handle(self, *args, backup, **options):
        if Article.objects.exists() or Vote.objects.exists():
            raise CommandError("This database already holds content: restore into an empty one.")
        try:
            with transaction.atomic():
                call_command("loaddata", backup, verbosity=0)
        except Exception as exc:  # loaddata wraps every failure; keep its message
            raise CommandError(f"Nothing was restored: {exc}") from exc
        self.stdout.write(f"Restored {backup}.")
        if "kb_rebuild_index" in get_commands():
            call_command("kb_rebuild_index", stdout=self.stdout)
