"""Rewrite the learned ranking table from the search log and visitors' outcomes.

Run it from cron (e.g. every 15 minutes); search processes pick the new table up within
KB_LEARNED_REFRESH_SECONDS. See docs/SEARCH.md, "Learning from use".
"""

from django.core.management.base import BaseCommand

from kb.feedback.learning import refresh


class Command(BaseCommand):
    help = "Recompute which scenarios visitors confirmed as the fix for the words they typed."

    def handle(self, *args, **options):
        kept = refresh()
        self.stdout.write(f"{kept} learned (query, scenario) pair{'s' if kept != 1 else ''}.")
