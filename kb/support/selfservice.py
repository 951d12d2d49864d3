"""The self-service report: per article and per week, how visits ended.

- visits: page views of the article and of its scenarios (search clicks land there too);
- fixed: distinct visitors who said it fixed their problem (a "helpful" vote on the article or
  one of its scenarios, or "This fixed it" on a step);
- handed off: distinct visitors who contacted support from it (a SupportRequest sent from the
  built-in form, or a click on a configured help desk or mailto: link);
- left without either: visits less the two.

The self-service score is Zendesk's: fixed / (fixed + handed off), shown as a percentage; none
when nobody did either.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from kb.feedback.writebehind import flush_all as flush_pending
from kb.models import (
    Article,
    Outcome,
    PageView,
    StepOutcome,
    SupportClick,
    SupportRequest,
    Vote,
)


def week_of(day: date) -> date:
    """The Monday that starts `day`'s week."""
    return day - timedelta(days=day.weekday())


@dataclass
class WeekRow:
    article: Article
    week: date  # the Monday
    visits: int = 0
    fixed: int = 0
    handed_off: int = 0

    @property
    def left(self) -> int:
        return max(self.visits - self.fixed - self.handed_off, 0)

    @property
    def score(self) -> int | None:
        """Self-service score in whole percent, or None with nothing to divide."""
        ended = self.fixed + self.handed_off
        return round(100 * self.fixed / ended) if ended else None


def _between(start: date, end: date, field: str) -> dict:
    return {f"{field}__date__gte": start, f"{field}__date__lte": end}


def _who_by_week(rows) -> dict:
    """(article id, week) -> the set of visitors, from (article id, visitor, moment, id) rows.
    A row without a visitor (an old or cookieless one) counts on its own."""
    found = defaultdict(set)
    for article_id, visitor, moment, pk in rows:
        day = timezone.localtime(moment).date()
        found[(article_id, week_of(day))].add(visitor or f"row-{pk}")
    return found


def weekly_rows(start: date, end: date) -> list[WeekRow]:
    """One row per article and week with a visit, a fix or a hand-off; newest week first."""
    flush_pending()  # this process's views and searches too, not only those written
    visits = defaultdict(int)
    for article_id, day, count in PageView.objects.filter(day__gte=start, day__lte=end).values_list(
        "article_id", "day", "count"
    ):
        visits[(article_id, week_of(day))] += count

    votes = Vote.objects.filter(helpful=True, **_between(start, end, "updated_at"))
    outcomes = StepOutcome.objects.filter(
        outcome=Outcome.FIXED, **_between(start, end, "updated_at")
    )
    fixed = _who_by_week(
        [*votes.values_list("article_id", "visitor", "updated_at", "pk"),
         *outcomes.values_list("step__scenario__issue__article_id", "visitor", "updated_at",
                               "pk")]
    )  # fmt: skip
    requests = SupportRequest.objects.filter(
        article__isnull=False, **_between(start, end, "created_at")
    )
    clicks = SupportClick.objects.filter(
        article__isnull=False, **_between(start, end, "created_at")
    )
    handed_off = _who_by_week(
        [*requests.values_list("article_id", "visitor", "created_at", "pk"),
         *clicks.values_list("article_id", "visitor", "created_at", "pk")]
    )  # fmt: skip

    keys = set(visits) | set(fixed) | set(handed_off)
    articles = Article.objects.in_bulk({article_id for article_id, _ in keys})
    rows = [
        WeekRow(
            article=articles[article_id],
            week=week,
            visits=visits.get((article_id, week), 0),
            fixed=len(fixed.get((article_id, week), ())),
            handed_off=len(handed_off.get((article_id, week), ())),
        )
        for article_id, week in keys
        if article_id in articles
    ]
    rows.sort(key=lambda r: (-r.week.toordinal(), r.article.title.lower(), r.article.pk))
    return rows


def totals(rows: list[WeekRow]) -> WeekRow | None:
    """The whole range, all articles together (article None)."""
    if not rows:
        return None
    return WeekRow(
        article=None,
        week=None,
        visits=sum(r.visits for r in rows),
        fixed=sum(r.fixed for r in rows),
        handed_off=sum(r.handed_off for r in rows),
    )
