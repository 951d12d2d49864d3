"""Hand-offs to support: a request sent through the built-in form, or a click on a configured
"Contact support" link (an external help desk or a mailto: address).

Both count as "handed off" in the self-service report (kb/support/selfservice.py).
"""

from django.db import models

from .content import Article, Scenario
from .feedback import VISITOR_MAX_LENGTH


class SupportStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class SupportRequest(models.Model):
    """A request for help sent from the built-in form (/support/new)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    visitor = models.CharField(max_length=VISITOR_MAX_LENGTH, blank=True, db_index=True)
    query = models.CharField(max_length=500, blank=True, help_text="What the visitor searched.")
    products = models.CharField(
        max_length=500, blank=True, help_text="The visitor's products (system slugs)."
    )
    scenario = models.ForeignKey(
        Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept beside the scenario so the report still groups it if the scenario goes.
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    steps_summary = models.TextField(blank=True, help_text="The steps tried and how each went.")
    name = models.CharField(max_length=120)
    email = models.EmailField()
    description = models.TextField(max_length=5000)
    status = models.CharField(
        max_length=10, choices=SupportStatus.choices, default=SupportStatus.OPEN, db_index=True
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"#{self.pk} {self.name}: {self.scenario or self.query or 'request'}"


class SupportClick(models.Model):
    """A click on a configured external "Contact support" link, logged by /support/go."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    visitor = models.CharField(max_length=VISITOR_MAX_LENGTH, blank=True, db_index=True)
    channel = models.CharField(max_length=10)  # "url" or "email"
    query = models.CharField(max_length=500, blank=True)
    scenario = models.ForeignKey(
        Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.channel} hand-off: {self.scenario or self.query or 'no page'}"
