"""The figures behind the editors' reports: plain data built from the feedback QuerySets.

All counts are computed from one-row-per-visitor data (votes, ticks, outcomes) or the F()
daily view counters; nothing here writes.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count
from django.utils import timezone

from kb.feedback.writebehind import flush_all as flush_pending
from kb.models import (
    Article,
    Outcome,
    PageView,
    Scenario,
    SearchLog,
    SolutionStep,
    StepCheck,
    StepOutcome,
    Vote,
    VoteReason,
)

# A visitor whose last tick is more recent than this may still be working through the steps.
STILL_WORKING = timedelta(minutes=30)
TABLE_ROWS = 50
EXPORT_ROWS = 10_000


@dataclass
class ArticleRow:
    article: Article
    views: int
    scenario_views: int
    yes: int
    no: int
    helpful_percent: int | None

    @property
    def votes(self) -> int:
        return self.yes + self.no


def _tally(row) -> dict:
    return row or {"yes": 0, "no": 0, "total": 0, "helpful_percent": None}


def article_rows(start: date, end: date) -> list[ArticleRow]:
    """Every article with its views and votes (its own page and its scenarios') in the range;
    the most "No" answers first, since those are the pages to fix."""
    flush_pending()  # this process's views and searches too, not only those written
    views = PageView.objects.between(start, end)
    page_views = views.filter(scenario__isnull=True).totals_by("article")
    scenario_views = views.filter(scenario__isnull=False).totals_by("article")
    tallies = Vote.objects.between(start, end).tally_by("article")
    rows = []
    for article in Article.objects.all():
        tally = _tally(tallies.get(article.pk))
        rows.append(
            ArticleRow(
                article=article,
                views=page_views.get(article.pk, 0),
                scenario_views=scenario_views.get(article.pk, 0),
                yes=tally["yes"],
                no=tally["no"],
                helpful_percent=tally["helpful_percent"],
            )
        )
    rows.sort(key=lambda r: (-r.no, r.helpful_percent if r.votes else 101, r.article.title))
    return rows


@dataclass
class ReasonRow:
    code: str
    label: str
    count: int
    percent: int  # of the "No" answers


def reason_rows(votes) -> list[ReasonRow]:
    counts = votes.reason_counts()
    no_total = votes.filter(helpful=False).count()
    rows = [
        ReasonRow(code, label, counts.get(code, 0),
                  round(100 * counts.get(code, 0) / no_total) if no_total else 0)
        for code, label in VoteReason.choices
    ]
    return sorted(rows, key=lambda r: -r.count)


@dataclass
class TargetRow:
    """One page of an article (the article page itself, or one of its scenarios)."""

    title: str
    scenario: Scenario | None
    views: int
    tally: dict


def article_targets(article: Article, start: date, end: date) -> list[TargetRow]:
    flush_pending()
    views = PageView.objects.between(start, end).filter(article=article)
    votes = Vote.objects.between(start, end).filter(article=article)
    scenario_views = views.filter(scenario__isnull=False).totals_by("scenario")
    scenario_tallies = votes.filter(scenario__isnull=False).tally_by("scenario")
    rows = [
        TargetRow(
            "Article page",
            None,
            views.filter(scenario__isnull=True).total(),
            _tally(votes.filter(scenario__isnull=True).tally()),
        )
    ]
    scenarios = Scenario.objects.filter(issue__article=article).order_by("issue__order", "order")
    for scenario in scenarios:
        rows.append(
            TargetRow(
                scenario.title,
                scenario,
                scenario_views.get(scenario.pk, 0),
                _tally(scenario_tallies.get(scenario.pk)),
            )
        )
    return rows


def label_vote_reasons(votes):
    """Votes with `reason_labels` set, for showing comments with their reasons."""
    labels = dict(VoteReason.choices)
    votes = list(votes)
    for vote in votes:
        vote.reason_labels = [labels.get(code, code) for code in vote.distinct_reasons]
    return votes


@dataclass
class StepRow:
    step: object
    number: str
    ticked: int = 0
    fixed: int = 0
    not_helpful: int = 0
    gave_up: int = 0
    resolves_most: bool = False

    @property
    def fixed_percent(self) -> int | None:
        tried = self.fixed + self.not_helpful
        return round(100 * self.fixed / tried) if tried else None


@dataclass
class StepReport:
    rows: list[StepRow] = field(default_factory=list)
    visitors: int = 0  # who ticked a step or answered "fixed" / "didn't help"
    fixed_visitors: int = 0
    gave_up_visitors: int = 0

    @property
    def top(self) -> StepRow | None:
        return next((row for row in self.rows if row.resolves_most), None)


def _numbered_steps(scenario: Scenario) -> list[tuple[str, object]]:
    numbered = []
    for i, step in enumerate(scenario.step_tree(), start=1):
        numbered.append((str(i), step))
        numbered += [(f"{i}.{j}", child) for j, child in enumerate(step.children, start=1)]
    # Steps rewritten or removed since (kept for their feedback), labelled, after the current.
    archived = SolutionStep.all_objects.filter(scenario=scenario, archived_at__isnull=False)
    numbered += [("archived", step) for step in archived.order_by("archived_at", "pk")]
    return numbered


def step_report(scenario: Scenario, start: date, end: date) -> StepReport:
    """Per step: ticked, "fixed it", "didn't help", and where visitors gave up.

    A visitor gave up at the step they last ticked (or answered "didn't help" on) when no step
    of this scenario fixed it for them and they have been idle for a while.
    """
    checks = StepCheck.objects.filter(
        step__scenario=scenario, created_at__date__gte=start, created_at__date__lte=end
    )
    outcomes = StepOutcome.objects.filter(
        step__scenario=scenario, updated_at__date__gte=start, updated_at__date__lte=end
    )
    ticked = dict(checks.values_list("step").annotate(n=Count("pk")))
    outcome_counts = {
        (step, outcome): n
        for step, outcome, n in outcomes.values_list("step", "outcome").annotate(n=Count("pk"))
    }
    fixed_visitors = set(
        outcomes.filter(outcome=Outcome.FIXED).values_list("visitor", flat=True)
    )
    last_seen: dict[str, tuple] = {}
    events = list(checks.values_list("visitor", "step", "created_at")) + list(
        outcomes.filter(outcome=Outcome.NOT_HELPFUL).values_list("visitor", "step", "updated_at")
    )
    for visitor, step, when in events:
        if visitor not in last_seen or when > last_seen[visitor][1]:
            last_seen[visitor] = (step, when)
    idle_since = timezone.now() - STILL_WORKING
    gave_up: dict[int, int] = {}
    for visitor, (step, when) in last_seen.items():
        if visitor not in fixed_visitors and when < idle_since:
            gave_up[step] = gave_up.get(step, 0) + 1

    report = StepReport(
        visitors=len(set(last_seen) | fixed_visitors),
        fixed_visitors=len(fixed_visitors),
        gave_up_visitors=sum(gave_up.values()),
    )
    for number, step in _numbered_steps(scenario):
        report.rows.append(
            StepRow(
                step=step,
                number=number,
                ticked=ticked.get(step.pk, 0),
                fixed=outcome_counts.get((step.pk, Outcome.FIXED), 0),
                not_helpful=outcome_counts.get((step.pk, Outcome.NOT_HELPFUL), 0),
                gave_up=gave_up.get(step.pk, 0),
            )
        )
    best = max(report.rows, key=lambda r: (r.fixed, r.fixed_percent or 0), default=None)
    if best and best.fixed:
        best.resolves_most = True
    return report


@dataclass
class SearchTables:
    top: list
    zero: list
    gaps: list
    searches: int
    with_results_opened: int


def search_tables(start: date, end: date, rows: int = TABLE_ROWS) -> SearchTables:
    logs = SearchLog.objects.between(start, end)
    return SearchTables(
        top=list(logs.top_queries()[:rows]),
        zero=list(logs.zero_result_queries()[:rows]),
        gaps=list(logs.unopened_queries()[:rows]),
        searches=logs.count(),
        with_results_opened=logs.filter(clicked_scenario__isnull=False).count(),
    )


SEARCH_EXPORTS = {
    "top": ("Top queries", lambda logs: logs.top_queries()),
    "zero": ("Queries with no results", lambda logs: logs.zero_result_queries()),
    "gaps": ("Queries whose results nobody opened", lambda logs: logs.unopened_queries()),
}


def search_export_rows(kind: str, start: date, end: date) -> list:
    _, query = SEARCH_EXPORTS[kind]
    return list(query(SearchLog.objects.between(start, end))[:EXPORT_ROWS])
