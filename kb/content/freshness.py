"""When an article last changed for the public ("Updated <date>"), and which articles are due for
review: their review date is near or past, or visitors find them less helpful since the last edit.

"Updated" is the time of the article's newest version (every save, import, restore or publish
that changed it records one; a baseline only keeps the state before a first edit, so it is no
change); content loaded from fixtures has no version, so it falls back to the publication, then
creation time. Both are annotations: a list or page reads them with its own query.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, DateTimeField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kb.conf import setting
from kb.models import Article, ArticleVersion, VersionKind


def last_change(article_path: str = "") -> Coalesce:
    """An expression for the public "Updated" time of the article at `article_path` ("" for an
    Article queryset, "issue__article__" for scenarios)."""
    newest = (
        ArticleVersion.objects.filter(article_id=OuterRef(f"{article_path}pk"))
        .exclude(kind=VersionKind.BASELINE)
        .order_by("-number")
        .values("created_at")[:1]
    )
    return Coalesce(
        Subquery(newest, output_field=DateTimeField()),
        F(f"{article_path}published_at"),
        F(f"{article_path}created_at"),
        output_field=DateTimeField(),
    )


def with_updated(queryset: QuerySet, article_path: str = "") -> QuerySet:
    """`queryset` with `public_updated_at` on each row (no extra query)."""
    return queryset.annotate(public_updated_at=last_change(article_path))


@dataclass
class Share:
    """ "Didn't help" votes out of all votes over a period."""

    no: int
    total: int

    @property
    def percent(self) -> float | None:
        return 100 * self.no / self.total if self.total else None


@dataclass
class DueRow:
    article: Article
    reasons: list[str] = field(default_factory=list)
    before: Share | None = None
    since: Share | None = None
    overdue: bool = False


def _vote_counts(queryset: QuerySet) -> QuerySet:
    """Votes (article and scenario pages) before and since the last change; a vote counts at its
    latest answer, since a visitor who changed it judged the content as it then stood."""
    since = Q(votes__updated_at__gte=F("public_updated_at"))
    before = Q(votes__updated_at__lt=F("public_updated_at"))
    no = Q(votes__helpful=False)
    return queryset.annotate(
        since_total=Count("votes", filter=since),
        since_no=Count("votes", filter=since & no),
        before_total=Count("votes", filter=before),
        before_no=Count("votes", filter=before & no),
    )


def share_rose(before: Share, since: Share) -> bool:
    """Whether "didn't help" rose enough, over enough votes, to be worth a look."""
    if since.total < int(setting("KB_REVIEW_MIN_VOTES")) or not before.total:
        return False
    return since.percent - before.percent >= float(setting("KB_REVIEW_MIN_RISE_POINTS"))


def due_for_review(today: datetime.date | None = None, within_days: int | None = None):
    """Published articles to review, most urgent first, each with why it is listed."""
    today = today or timezone.localdate()
    if within_days is None:
        within_days = int(setting("KB_REVIEW_DUE_SOON_DAYS"))
    horizon = today + datetime.timedelta(days=within_days)
    min_votes = int(setting("KB_REVIEW_MIN_VOTES"))
    articles = (
        _vote_counts(with_updated(Article.objects.published()))
        .filter(Q(review_due_on__lte=horizon) | Q(since_total__gte=min_votes))
        .select_related("last_reviewed_by")
    )
    rows = [row for article in articles if (row := _row(article, today, horizon)).reasons]
    return sorted(rows, key=lambda r: (not r.overdue, r.article.review_due_on, r.article.title))


def _row(article, today, horizon) -> DueRow:
    row = DueRow(
        article,
        before=Share(article.before_no, article.before_total),
        since=Share(article.since_no, article.since_total),
    )
    due = article.review_due_on
    if due < today:
        row.overdue = True
        row.reasons.append(f"Review overdue since {due:%-d %b %Y}")
    elif due == today:
        row.overdue = True
        row.reasons.append("Review due today")
    elif due <= horizon:
        row.reasons.append(f"Review due {due:%-d %b %Y}")
    if share_rose(row.before, row.since):
        row.reasons.append(
            f"“Didn't help” rose from {row.before.percent:.0f}% to {row.since.percent:.0f}% "
            "since the last edit"
        )
    return row


def mark_reviewed(articles: QuerySet, user) -> int:
    """Record a review of each article now, by `user`, and set its next due date. An UPDATE per
    interval, not save(): a review changes no content, so no version, history row or search
    update, and "Updated" stays as it was."""
    now = timezone.now()
    done = 0
    intervals = articles.values_list("review_interval_days", flat=True).distinct()
    for interval in list(intervals):
        probe = Article(review_interval_days=interval)
        done += articles.filter(review_interval_days=interval).update(
            last_reviewed_at=now,
            last_reviewed_by=user if getattr(user, "pk", None) else None,
            review_due_on=probe.next_review_due(now),
        )
    return done
