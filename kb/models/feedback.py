"""What visitors tell us: votes, step outcomes, ticked steps, page views and searches.

One row per visitor and target (unique constraints), never a counter updated
read-modify-write; the only counters (page views per day) are bumped with F() expressions.
"""

from django.db import models
from django.db.models import Q

from .choices import Outcome
from .content import Article, Scenario, SolutionStep
from .feedback_queries import PageViewQuerySet, SearchLogQuerySet, VoteQuerySet

VISITOR_MAX_LENGTH = 64
NETWORK_MAX_LENGTH = 16


class VoteReason(models.TextChoices):
    STEPS_DID_NOT_WORK = "steps_did_not_work", "The steps did not work"
    OUTDATED = "outdated", "Information is outdated or wrong"
    HARD_TO_FOLLOW = "hard_to_follow", "Hard to follow"
    MISSING_INFORMATION = "missing_information", "Missing information"
    NOT_MY_PROBLEM = "not_my_problem", "Not my problem"
    OTHER = "other", "Other"


class Vote(models.Model):
    """ "Was this article helpful?" on an article page, or on a scenario page (scenario set)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")
    scenario = models.ForeignKey(
        Scenario, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    visitor = models.CharField(max_length=VISITOR_MAX_LENGTH, db_index=True)
    helpful = models.BooleanField()
    reasons = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VoteQuerySet.as_manager()

    @property
    def distinct_reasons(self) -> list[str]:
        """The reasons given, each once: rows stored before reasons were a set may repeat one."""
        return list(dict.fromkeys(self.reasons or ()))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["visitor", "article"],
                condition=Q(scenario__isnull=True),
                name="one_article_vote_per_visitor",
            ),
            models.UniqueConstraint(
                fields=["visitor", "scenario"],
                condition=Q(scenario__isnull=False),
                name="one_scenario_vote_per_visitor",
            ),
        ]


class StepOutcome(models.Model):
    step = models.ForeignKey(SolutionStep, on_delete=models.CASCADE, related_name="outcomes")
    visitor = models.CharField(max_length=VISITOR_MAX_LENGTH, db_index=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visitor", "step"], name="one_outcome_per_visitor")
        ]


class StepCheck(models.Model):
    """A step a visitor ticked on the checklist (kept server-side so it works without JS)."""

    step = models.ForeignKey(SolutionStep, on_delete=models.CASCADE, related_name="checks")
    visitor = models.CharField(max_length=VISITOR_MAX_LENGTH, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visitor", "step"], name="one_check_per_visitor")
        ]


class PageView(models.Model):
    """Views of an article page (scenario null) or a scenario page, per day."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="page_views")
    scenario = models.ForeignKey(
        Scenario, null=True, blank=True, on_delete=models.CASCADE, related_name="page_views"
    )
    day = models.DateField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    objects = PageViewQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "day"],
                condition=Q(scenario__isnull=True),
                name="one_article_view_row_per_day",
            ),
            models.UniqueConstraint(
                fields=["scenario", "day"],
                condition=Q(scenario__isnull=False),
                name="one_scenario_view_row_per_day",
            ),
        ]


class SearchLog(models.Model):
    """A search someone ran, and which result (if any) they opened from it."""

    query = models.CharField(max_length=500)
    normalized = models.CharField(max_length=500, db_index=True)
    results_count = models.PositiveIntegerField(default=0)
    top_slug = models.CharField(max_length=120, blank=True)
    visitor = models.CharField(max_length=VISITOR_MAX_LENGTH, blank=True, db_index=True)
    # A keyed hash of the client's /24 (IPv4) or /64 (IPv6) network, never the address itself
    # (kb/feedback/network.py): it tells distinct offices apart for the learned ranking.
    network = models.CharField(max_length=NETWORK_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    clicked_scenario = models.ForeignKey(
        Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clicked_at = models.DateTimeField(null=True, blank=True)

    objects = SearchLogQuerySet.as_manager()

    class Meta:
        permissions = [
            ("view_insights", "Can view search insights, suggested synonyms and content gaps"),
        ]


class RateLimitBucket(models.Model):
    """A fixed-window counter for rate limits when no Redis is configured.

    Incremented with a single UPDATE ... SET count = count + 1, which the database makes atomic
    across every worker process.
    """

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="one_bucket_per_window")
        ]
