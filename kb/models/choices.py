"""Choices both the content and the feedback models read: kept apart so that neither of those
modules imports the other (feedback points at content; content never imports feedback)."""

from django.db import models


class Outcome(models.TextChoices):
    """How a step went for a visitor (StepOutcome.outcome)."""

    FIXED = "fixed", "This fixed it"
    NOT_HELPFUL = "not_helpful", "Didn't help"
