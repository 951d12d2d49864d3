"""Query logic for the feedback models: recording votes and views race-safely, and the counts
the editors' reports are built from.

Kept apart from the model definitions so the report queries can grow without the models file
passing its size limit. Models are reached through `self.model`, never imported here.
"""

from datetime import timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import Avg, Count, F, Max, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

UPSERT_ATTEMPTS = 3


class VoteQuerySet(models.QuerySet):
    def record(self, *, visitor, article, scenario=None, helpful, reasons=(), comment=""):
        """Store a visitor's vote, replacing their earlier one on the same page.

        UPDATE first, INSERT when there was nothing to update; when two requests from the same
        visitor race, the loser's INSERT hits the unique constraint and its retry UPDATEs the
        winner's row, so the visitor ends with exactly one row and no request fails.
        """
        target = {"visitor": visitor, "scenario": scenario}
        if scenario is None:
            target["article"] = article
        values = {
            "article": article,
            "helpful": helpful,
            "reasons": list(dict.fromkeys(reasons)),  # a set, in the order given
            "comment": comment,
        }
        for attempt in range(UPSERT_ATTEMPTS):
            try:
                with transaction.atomic():
                    if self.filter(**target).update(**values, updated_at=timezone.now()):
                        return self.get(**target)
                    return self.create(**{**target, **values})
            except IntegrityError:
                if attempt == UPSERT_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def for_target(self, article, scenario=None):
        if scenario is not None:
            return self.filter(scenario=scenario)
        return self.filter(article=article, scenario__isnull=True)

    def between(self, start, end):
        """Votes last given (or changed) on a day from `start` to `end`, both included."""
        return self.filter(updated_at__date__gte=start, updated_at__date__lte=end)

    def tally(self) -> dict:
        counts = self.aggregate(
            yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
        )
        return with_helpful_percent(counts)

    def tally_by(self, field: str) -> dict:
        """{field value: tally} for every value that has votes."""
        rows = self.values(field).annotate(
            yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
        )
        return {row[field]: with_helpful_percent(row) for row in rows}

    def daily_tally(self) -> list[dict]:
        rows = (
            self.annotate(day=TruncDate("updated_at"))
            .values("day")
            .annotate(
                yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
            )
            .order_by("day")
        )
        return [with_helpful_percent(row) for row in rows]

    def reason_counts(self) -> dict[str, int]:
        """How many "No" votes gave each reason (a vote may give several, each counts once), so
        no count exceeds the number of "No" votes."""
        counts: dict[str, int] = {}
        for reasons in self.filter(helpful=False).values_list("reasons", flat=True):
            for reason in set(reasons or ()):
                counts[reason] = counts.get(reason, 0) + 1
        return counts

    def with_comments(self):
        return self.exclude(comment="").order_by("-updated_at")


def with_helpful_percent(counts) -> dict:
    row = dict(counts)
    total = row["yes"] + row["no"]
    row["total"] = total
    row["helpful_percent"] = round(100 * row["yes"] / total) if total else None
    return row


class PageViewQuerySet(models.QuerySet):
    def bump(self, *, article, scenario=None, day=None):
        """Count one view in the day's row."""
        self.add(article.pk, scenario.pk if scenario else None, day or timezone.localdate(), 1)

    def add(self, article_id, scenario_id, day, views: int):
        """Add `views` to the day's row of a page (an F() update, so no view is lost when
        processes add at once; the row is created by the first)."""
        target = {"article_id": article_id, "scenario_id": scenario_id, "day": day}
        for attempt in range(UPSERT_ATTEMPTS):
            try:
                with transaction.atomic():
                    if self.filter(**target).update(count=F("count") + views):
                        return
                    self.create(**target, count=views)
                    return
            except IntegrityError:
                if attempt == UPSERT_ATTEMPTS - 1:
                    raise

    def between(self, start, end):
        return self.filter(day__gte=start, day__lte=end)

    def total(self) -> int:
        return self.aggregate(n=Sum("count"))["n"] or 0

    def totals_by(self, field: str) -> dict:
        return {row[field]: row["n"] for row in self.values(field).annotate(n=Sum("count"))}


class SearchLogQuerySet(models.QuerySet):
    def between(self, start, end):
        return self.filter(created_at__date__gte=start, created_at__date__lte=end)

    def _by_query(self):
        return (
            self.values("normalized")
            .annotate(
                searches=Count("pk"),
                clicks=Count("pk", filter=Q(clicked_scenario__isnull=False)),
                zero=Count("pk", filter=Q(results_count=0)),
                average_results=Avg("results_count"),
                last_searched=Max("created_at"),
            )
            .order_by("-searches", "normalized")
        )

    def top_queries(self):
        return self._by_query()

    def zero_result_queries(self):
        return self.filter(results_count=0)._by_query()

    def unanswered(self):
        """Searches no scenario answered: nothing found, or nothing found was opened."""
        return self.filter(clicked_scenario__isnull=True)

    def older_than(self, days: int):
        return self.filter(created_at__lt=timezone.now() - timedelta(days=days))

    def unopened_queries(self):
        """Queries that found results, none of which anyone opened: the content gaps."""
        return self.filter(results_count__gt=0)._by_query().filter(clicks=0)
