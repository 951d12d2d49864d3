"""Import troubleshooting articles from plain-text files like the seeds (or kb_export Markdown).

All files are parsed and checked first; then everything is saved in one transaction, matched by
slug, so importing a file again updates its article instead of duplicating it. Any error names
the file (and line, where there is one) and nothing is written. With --user, the import may do
only what that user may do in the admin (kb.importer.permissions); without it, the operator
may do anything. Removing scenarios that visitors gave feedback on archives them, and needs
--archive-removed.

    python manage.py kb_import FILE... [--publish] [--dry-run] [--mapping FILE]
        [--user USERNAME] [--archive-removed]
    python manage.py kb_import SEEDS... --mapping fixtures/import-mappings/seeds.json \
        --publish --emit-fixture fixtures/      # regenerate the shipped fixtures
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from kb.importer import ImportFailed, Mapping, read_article
from kb.importer.fixture import dumps, fixture_records
from kb.importer.outline import outline
from kb.importer.permissions import refusal
from kb.importer.reading import check_size
from kb.importer.writer import ConfirmArchive, plan, save
from kb.models import Status


class Command(BaseCommand):
    help = (
        "Import troubleshooting articles from plain-text or kb_export Markdown files: drafts "
        "unless --publish, one transaction, re-import updates by slug. --dry-run prints the "
        "structure and what would change; --emit-fixture DIR writes loaddata fixtures instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Text or Markdown files, one article each.")
        parser.add_argument("--publish", action="store_true", help="Publish the articles.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the parsed tree; write nothing."
        )
        parser.add_argument(
            "--mapping", help="JSON file with slugs, titles, symptoms, systems and typo fixes."
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Import as this user, with their permissions (default: as the operator).",
        )
        parser.add_argument(
            "--archive-removed",
            action="store_true",
            help="Confirm archiving removed scenarios that have feedback (kept, not deleted).",
        )
        parser.add_argument(
            "--emit-fixture",
            metavar="DIR",
            help="Write <article-slug>.json fixtures to DIR instead of the database.",
        )

    def handle(self, *args, files, publish, dry_run, mapping, emit_fixture, **options):
        user = self.user(options.get("user"))
        try:
            rules = Mapping.load(mapping) if mapping else None
            articles = [self.read(Path(name), rules) for name in files]
            slugs = [a.slug for a in articles]
            for slug in slugs:
                if slugs.count(slug) > 1:
                    raise ImportFailed(f"Two files import the same article {slug!r}.")
            if emit_fixture:
                return self.emit(articles, Path(emit_fixture), rules, publish)
            if dry_run:
                for article in articles:
                    self.stdout.write(outline(article))
                    result = plan(article)
                    self.stdout.write(f"Would {result.summary()}.")
                    reason = refusal(user, result, publish=publish)
                    if reason:
                        self.stdout.write(f"Refused: {reason}")
                self.stdout.write("Dry run: nothing was written.")
                return
            with transaction.atomic():
                results = [
                    save(article, publish=publish, user=user,
                         archive_confirmed=options.get("archive_removed", False))
                    for article in articles
                ]  # fmt: skip
        except ConfirmArchive as exc:
            raise CommandError(
                f"{exc} Run again with --archive-removed. Nothing was written."
            ) from exc
        except ImportFailed as exc:
            raise CommandError(f"{exc} Nothing was written.") from exc
        for result in results:
            self.stdout.write(f"Imported: {result.summary()} ({result.changed_rows} rows changed).")

    def user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not user.is_active:
            raise CommandError(f"There is no active user {username!r}. Nothing was written.")
        return user

    def read(self, path: Path, rules):
        try:
            if not path.is_file():
                raise ImportFailed("no such file.")
            check_size(path.stat().st_size)
            article = read_article(path.read_bytes(), path.name, rules)
        except ImportFailed as exc:
            raise ImportFailed(f"{path}: {exc}") from exc
        except OSError as exc:
            raise ImportFailed(f"{path}: cannot read it ({exc.strerror}).") from exc
        for note in article.notes:
            self.stderr.write(f"{path}: {note}")
        return article

    def emit(self, articles, directory: Path, rules, publish):
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        stamp = (rules and rules.fixture_timestamp) or timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
        status = Status.PUBLISHED if publish else Status.DRAFT
        for article in articles:
            target = directory / f"{article.slug}.json"
            records = fixture_records(article, timestamp=stamp, status=status)
            target.write_text(dumps(records), encoding="utf-8")
            self.stdout.write(f"Wrote {target} ({len(records)} records).")
