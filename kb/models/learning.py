"""What search learns from use: the learned ranking table and the synonym suggestions editors
dismissed.

Both are derived from the feedback tables (kb/feedback/learning.py, suggestions.py); the
ranking table is rewritten whole by `kb_learn_ranking`, and search reads it (kb/search/learned.py).
"""

from django.conf import settings
from django.db import models

from .content import Scenario


class LearnedBoost(models.Model):
    """Visitors who typed `terms` (a query's analysed form) confirmed `scenario` as their fix.

    `evidence` is the decayed count of confirmations that passed the safeguards (distinct
    visitors and networks, one per network a day, no bursts).
    """

    terms = models.CharField(max_length=500)
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="+")
    evidence = models.FloatField()
    visitors = models.PositiveIntegerField()
    networks = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["terms", "scenario"], name="one_boost_per_terms")
        ]


class DismissedSuggestion(models.Model):
    """A suggested synonym pair an editor turned down: it is never suggested again."""

    source = models.CharField(max_length=200)  # analysed terms, space-separated
    target = models.CharField(max_length=200)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="one_dismissal_per_pair")
        ]
