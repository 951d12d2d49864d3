"""Load the seed content (fixtures/*.json), checked first, all or nothing.

`loaddata` alone would quietly merge two records with the same slug and report a missing parent
as a bare integrity error; this command names the file and record instead, and loads nothing
when any record is wrong.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kb.importer.fixtures_check import FixtureError, check_fixture_files


class Command(BaseCommand):
    help = "Check and load content fixtures (default: every fixtures/*.json) in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Fixture files (default: fixtures/*.json).")

    def handle(self, *args, files, **options):
        paths = [Path(f) for f in files] or sorted((settings.BASE_DIR / "fixtures").glob("*.json"))
        if not paths:
            raise CommandError("No fixture files found.")
        try:
            count = check_fixture_files(paths)
        except FixtureError as exc:
            raise CommandError(str(exc)) from exc
        try:
            with transaction.atomic():
                call_command("loaddata", *[str(p) for p in paths], verbosity=0)
        except Exception as exc:  # loaddata wraps every failure; keep its message
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        self.stdout.write(f"Loaded {count} records from {len(paths)} file(s).")
