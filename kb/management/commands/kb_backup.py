"""Write everything that matters (content, history, feedback, search log, synonyms, users) to
one JSON file, read from a single consistent snapshot of the database.

Restore it into an empty database with `kb_restore`.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from kb.backup import dumpdata_options


class Command(BaseCommand):
    help = "Back up the knowledge base (content, feedback, history, users) to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("output", help="File to write (JSON).")

    def handle(self, *args, output, **options):
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                # One snapshot for every table: a vote saved mid-backup cannot point at an
                # article the backup does not hold.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            call_command("dumpdata", output=output, verbosity=0, **dumpdata_options())
        self.stdout.write(f"Backup written to {output}.")
