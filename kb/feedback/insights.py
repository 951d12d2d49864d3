"""Search insights for editors: the search log grouped by each query's analysed form.

"Contact won't sync" and "contact not syncing" are one row (kb.search.analysis.analysed_form),
with its distinct visitors, its searches per week over the last weeks, example queries as
typed, and the scenarios people opened from it. Four tables: every query, queries with no
results, with results nobody opened, and those whose opened scenario the same visitor then
marked "didn't help".
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from kb.models import Scenario, SearchLog
from kb.search.analysis import analysed_form

from .outcomes import Outcomes, outcomes

TREND_WEEKS = 8
EXAMPLES = 3
SCENARIOS_SHOWN = 3
TABLE_ROWS = 50
SPARK = "▁▂▃▄▅▆▇█"

KINDS = {
    "top": "Top queries",
    "zero": "Queries with no results",
    "unopened": "Queries with results nobody opened",
    "unhelpful": 'Queries whose opened scenario "didn\'t help"',
}


@dataclass
class Search:
    """One search-log row, with how the visit it led to ended."""

    query: str
    normalized: str
    visitor: str
    results: int
    scenario_id: int | None
    created_at: object
    outcome: str = ""

    @property
    def form(self) -> str:
        return analysed_form(self.normalized) or self.normalized


@dataclass
class InsightRow:
    form: str
    searches: int = 0
    visitors: set = field(default_factory=set)
    weekly: list[int] = field(default_factory=lambda: [0] * TREND_WEEKS)
    examples: Counter = field(default_factory=Counter)
    scenarios: Counter = field(default_factory=Counter)
    scenario_titles: list[str] = field(default_factory=list)

    @property
    def visitor_count(self) -> int:
        return len(self.visitors)

    @property
    def example_queries(self) -> list[str]:
        return [query for query, _ in self.examples.most_common(EXAMPLES)]

    @property
    def sparkline(self) -> str:
        high = max(self.weekly) or 1
        return "".join(SPARK[round(n / high * (len(SPARK) - 1))] if n else " " for n in self.weekly)

    @property
    def trend_text(self) -> str:
        return ", ".join(str(n) for n in self.weekly)


def searches(start: date, end: date) -> list[Search]:
    """The logged searches from `start` to `end` and those of the trend's weeks before `end`."""
    since = min(start, trend_start(end))
    rows = SearchLog.objects.between(since, end).values_list(
        "query", "normalized", "visitor", "results_count", "clicked_scenario_id", "created_at"
    )
    found = [Search(*row) for row in rows.iterator()]
    clicked = {s.visitor for s in found if s.scenario_id is not None and s.visitor}
    known: Outcomes = outcomes(clicked)
    for s in found:
        s.outcome = known.of(s.visitor, s.scenario_id)
    return found


def trend_start(end: date) -> date:
    return end - timedelta(days=7 * TREND_WEEKS - 1)


MATCHES = {
    "top": lambda s: True,
    "zero": lambda s: s.results == 0,
    "unopened": lambda s: s.results > 0 and s.scenario_id is None,
    "unhelpful": lambda s: s.outcome == "unhelpful",
}


def table(found: list[Search], kind: str, start: date, end: date, rows=TABLE_ROWS):
    """The rows of one table, the most visitors first."""
    match = MATCHES[kind]
    first_week = trend_start(end)
    grouped: dict[str, InsightRow] = {}
    for s in found:
        if not match(s):
            continue
        row = grouped.setdefault(s.form, InsightRow(s.form))
        day = timezone.localtime(s.created_at).date()
        if day >= first_week:
            row.weekly[(day - first_week).days // 7] += 1
        if day < start:
            continue
        row.searches += 1
        if s.visitor:
            row.visitors.add(s.visitor)
        row.examples[s.query] += 1
        if s.scenario_id is not None:
            row.scenarios[s.scenario_id] += 1
    shown = sorted(
        (r for r in grouped.values() if r.searches),
        key=lambda r: (-r.visitor_count, -r.searches, r.form),
    )
    shown = shown[:rows] if rows else shown
    _name_scenarios(shown)
    return shown


def _name_scenarios(rows: list[InsightRow]) -> None:
    wanted = {pk for row in rows for pk, _ in row.scenarios.most_common(SCENARIOS_SHOWN)}
    titles = dict(Scenario.objects.filter(pk__in=wanted).values_list("pk", "title"))
    for row in rows:
        row.scenario_titles = [
            titles[pk] for pk, _ in row.scenarios.most_common(SCENARIOS_SHOWN) if pk in titles
        ]


def tables(start: date, end: date) -> dict[str, list[InsightRow]]:
    found = searches(start, end)
    return {kind: table(found, kind, start, end) for kind in KINDS}


def export_rows(kind: str, start: date, end: date) -> list[list]:
    header = ["Analysed query", "Searches", "Distinct visitors",
              f"Searches per week (last {TREND_WEEKS})", "Example queries", "Scenarios opened"]  # fmt: skip
    out = [header]
    for row in table(searches(start, end), kind, start, end, rows=0):
        out.append([row.form, row.searches, row.visitor_count, " ".join(map(str, row.weekly)),
                    " | ".join(row.example_queries), " | ".join(row.scenario_titles)])  # fmt: skip
    return out

