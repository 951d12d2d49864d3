"""Review before publish: a draft's review state, and the working copy of a published article.

Editing a published article edits its working copy, a draft Article row (with its own issues,
scenarios and steps) linked here to the published one. `mapping` names, for each cloned row,
the published row it continues, so publishing updates those very rows and their feedback stays.
"""

from django.conf import settings
from django.db import models


class ReviewState(models.TextChoices):
    EDITING = "editing", "Being edited"
    SUBMITTED = "submitted", "Waiting for review"
    SENT_BACK = "sent_back", "Sent back"


class ReviewQuerySet(models.QuerySet):
    def working_copies(self):
        return self.filter(working_copy_of__isnull=False)

    def due(self, now):
        """Submitted drafts whose scheduled publish time has come."""
        return self.filter(state=ReviewState.SUBMITTED, publish_at__lte=now)


class Review(models.Model):
    """One per draft article that was submitted, sent back or is a working copy."""

    article = models.OneToOneField("kb.Article", on_delete=models.CASCADE, related_name="review")
    working_copy_of = models.OneToOneField(
        "kb.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="working_copy_review",
        help_text="The published article this draft is the working copy of.",
    )
    #: The published article's version number when the working copy was made.
    base_version = models.PositiveIntegerField(default=0)
    #: {"issue": {clone id: published id}, "scenario": {...}, "step": {...}} (ids as strings).
    mapping = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        max_length=10, choices=ReviewState.choices, default=ReviewState.EDITING, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True, help_text="The editor's note.")
    comment = models.TextField(blank=True, help_text="Why the reviewer sent it back.")
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commented_at = models.DateTimeField(null=True, blank=True)
    publish_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="Publish then (kb_publish_due)."
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReviewQuerySet.as_manager()

    def __str__(self):
        return f"{self.article} ({self.get_state_display()})"

    @property
    def is_working_copy(self) -> bool:
        return self.working_copy_of_id is not None
