"""Write everything that matters (content, history, feedback, search log, synonyms, users, the
sign-in audit log) to one JSON file, read from a single consistent snapshot of the database
that does not hold up visitors' votes or editors' saves meanwhile.

The file is written beside the previous backup under a temporary name, readable by its owner
only (it holds password hashes), and replaces it only once complete and on disk: a run that
fails or is killed leaves the previous backup as it was. Screenshot files go in a zip beside it
(`NAME.images.zip`, kb/operations/backup_files.py). Restore both with `kb_restore`.
"""

from django.core.management.base import BaseCommand, CommandError

from kb.operations.backup import write_backup


class Command(BaseCommand):
    help = "Back up the knowledge base (content, feedback, history, users) to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("output", help="File to write (JSON); replaced only when complete.")

    def handle(self, *args, output, **options):
        if not output.endswith(".json"):
            # kb_restore (loaddata) reads the format, and any compression, from the name.
            raise CommandError(f"Name the backup file *.json (got {output}); it is plain JSON.")
        try:
            write_backup(output)
        except OSError as exc:
            raise CommandError(f"No backup written ({output} is unchanged): {exc}") from exc
        self.stdout.write(f"Backup written to {output}.")
