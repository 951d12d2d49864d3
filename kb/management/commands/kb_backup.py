"""Write everything that matters (content, history, feedback, search log, synonyms, users, the
sign-in audit log) to one JSON file, read from a single consistent snapshot of the database.

The file is written beside the previous backup under a temporary name, readable by its owner
only (it holds password hashes), and replaces it only once complete and on disk: a run that
fails or is killed leaves the previous backup as it was. Restore it with `kb_restore`.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from kb.backup import write_backup


class Command(BaseCommand):
    help = "Back up the knowledge base (content, feedback, history, users) to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("output", help="File to write (JSON); replaced only when complete.")

    def handle(self, *args, output, **options):
        outermost = not connection.in_atomic_block
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql" and outermost:
                    # One snapshot for every table: a vote saved mid-backup cannot point at an
                    # article the backup does not hold.
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                write_backup(output)
        except OSError as exc:
            raise CommandError(f"No backup written ({output} is unchanged): {exc}") from exc
        self.stdout.write(f"Backup written to {output}.")
