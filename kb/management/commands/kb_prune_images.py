"""Delete screenshot files that no step and no article version names any more.

Removing or replacing a screenshot in the admin removes its row only: the file stays, so that
restoring a version that shows it brings it back. Run this after pruning old versions, or
monthly; files younger than --keep-hours are left (an upload whose save is still running).
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from kb.content.step_images import unused_files


class Command(BaseCommand):
    help = "Delete step-images/ files no screenshot row or article version names."

    def add_arguments(self, parser):
        parser.add_argument("--keep-hours", type=float, default=24.0)
        parser.add_argument("--dry-run", action="store_true", help="List them, delete nothing.")

    def handle(self, *args, keep_hours, dry_run, **options):
        if keep_hours < 0:
            raise CommandError("--keep-hours must be zero or more.")
        unused = unused_files(keep_hours)
        for name in unused:
            if not dry_run:
                default_storage.delete(name)
            if options["verbosity"] > 1:
                self.stdout.write(name)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {len(unused)} unused screenshot file(s).")
