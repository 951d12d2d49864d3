"""Load a `kb_backup` file into an empty, migrated database, then rebuild the search index.

Refuses a database that already holds content: a restore merged into live data would keep
whichever copy of each row happened to load last.
"""

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kb.models import Article, Vote
from kb.operations.backup_files import images_path, restore_images


class Command(BaseCommand):
    help = "Restore a kb_backup file into an empty database and rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="File written by kb_backup.")

    def handle(self, *args, backup, **options):
        if Article.objects.exists() or Vote.objects.exists():
            raise CommandError("This database already holds content: restore into an empty one.")
        try:
            # The files first: a screenshot row never points at a file not yet back.
            files = restore_images(backup)
        except Exception as exc:
            raise CommandError(f"Nothing was restored from {images_path(backup)}: {exc}") from exc
        try:
            with transaction.atomic():
                call_command("loaddata", backup, verbosity=0)
        except Exception as exc:  # loaddata wraps every failure; keep its message
            raise CommandError(f"Nothing was restored: {exc}") from exc
        images = f" and {files} screenshot file(s)" if files else ""
        self.stdout.write(f"Restored {backup}{images}.")
        if "kb_rebuild_index" in get_commands():
            call_command("kb_rebuild_index", stdout=self.stdout)
