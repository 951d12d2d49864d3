"""Print the articles due for review, as the admin's "Due for review" page lists them.

For cron: `manage.py kb_review_report --base-url https://kb.example.com | mail -E -s ...`
(prints nothing with --quiet-when-empty when nothing is due, so `mail -E` sends nothing).
"""

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from kb.content.freshness import due_for_review

MAX_WITHIN_DAYS = 366


class Command(BaseCommand):
    help = "Print the published articles due for review and why each is listed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--within",
            type=int,
            default=None,
            help="Days ahead to look (default KB_REVIEW_DUE_SOON_DAYS).",
        )
        parser.add_argument(
            "--base-url", default="", help="Prefix for the admin links, e.g. https://kb.example.com"
        )
        parser.add_argument("--quiet-when-empty", action="store_true",
                            help="Print nothing when no article is due.")  # fmt: skip

    def handle(self, *args, within, base_url, quiet_when_empty, **options):
        if within is not None and not 0 <= within <= MAX_WITHIN_DAYS:
            raise CommandError(f"--within must be between 0 and {MAX_WITHIN_DAYS} days.")
        rows = due_for_review(within_days=within)
        if not rows:
            if not quiet_when_empty:
                self.stdout.write("No article is due for review.")
            return
        base = base_url.rstrip("/")
        self.stdout.write(f"{len(rows)} article(s) due for review:")
        for row in rows:
            article = row.article
            self.stdout.write(f"\n{article.title} (review due {article.review_due_on})")
            for reason in row.reasons:
                self.stdout.write(f"  - {reason}")
            self.stdout.write(f"  {base}{reverse('admin:kb_article_change', args=[article.pk])}")
        self.stdout.write(f"\nMark them reviewed at {base}{reverse('admin:kb_article_due')}")
