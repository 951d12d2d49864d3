"""When an article's content was last checked, by whom, and when it is next due.

A review is separate from an edit: marking an article reviewed says it is still right, so it
moves the next due date but never the "Updated" date visitors see (that follows versions).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from kb.conf import review_interval_days


def default_review_due() -> datetime.date:
    """A new article (admin, import or fixture) is first due one interval after it arrives."""
    return timezone.localdate() + datetime.timedelta(days=review_interval_days())


class Reviewable(models.Model):
    """The review fields of an article (an abstract base, so the content module stays short)."""

    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_interval_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Days between reviews; empty: the site default. Shorter for volatile content.",
    )
    review_due_on = models.DateField(
        default=default_review_due,
        db_index=True,
        help_text="Listed under “Due for review” from a while before this date.",
    )

    class Meta:
        abstract = True

    @property
    def interval_days(self) -> int:
        return self.review_interval_days or review_interval_days()

    def next_review_due(self, reviewed: datetime.datetime | None = None) -> datetime.date:
        """One interval after `reviewed` (else the last review, else creation)."""
        start = reviewed or self.last_reviewed_at or self.created_at or timezone.now()
        return timezone.localdate(start) + datetime.timedelta(days=self.interval_days)
