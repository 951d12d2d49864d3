"""Publish the drafts and working copies a reviewer scheduled ("Publish at"), once due.

Run it from cron every few minutes, e.g. `*/5 * * * * .venv/bin/python manage.py kb_publish_due`.
A working copy whose article changed since it was made is not published: its schedule is
cleared and the reason printed (and logged), so a reviewer looks again.
"""

from django.core.management.base import BaseCommand

from kb.content.publishing import publish_due


class Command(BaseCommand):
    help = "Publish what reviewers scheduled for now or earlier (run from cron)."

    def handle(self, *args, **options):
        done, refused = publish_due()
        for title in done:
            self.stdout.write(f"Published: {title}")
        for reason in refused:
            self.stderr.write(f"Not published: {reason}")
        self.stdout.write(f"{len(done)} published, {len(refused)} refused.")
