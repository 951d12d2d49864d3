"""Content gaps: clusters of searches no scenario answers, for editors to write the scenario.

A query (by analysed form) is unanswered when none of its searches in the range opened a
result. Queries sharing most of their terms are one cluster ("client number gone", "client
number missing"); each cluster offers a draft title and symptom in its visitors' own words.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from kb.models import SearchLog
from kb.search.analysis import analysed_form

SHARED = 0.5  # terms two queries share (of the smaller one's) to be one cluster
SYMPTOM_QUERIES = 5
CLUSTERS = 50


@dataclass
class Gap:
    terms: set
    forms: list = field(default_factory=list)
    queries: Counter = field(default_factory=Counter)
    visitors: set = field(default_factory=set)
    searches: int = 0

    @property
    def visitor_count(self) -> int:
        return len(self.visitors)

    @property
    def examples(self) -> list[str]:
        return [q for q, _ in self.queries.most_common(SYMPTOM_QUERIES)]

    @property
    def title(self) -> str:
        first = self.examples[0] if self.examples else ""
        return first[:1].upper() + first[1:200]

    @property
    def symptom(self) -> str:
        return "\n".join(self.examples)

    @property
    def draft_url(self) -> str:
        query = urlencode({"title": self.title, "symptom": self.symptom})
        return f"{reverse('admin:kb_scenario_add')}?{query}"


def gaps(start: date, end: date, limit: int = CLUSTERS) -> list[Gap]:
    logs = SearchLog.objects.between(start, end)
    answered = {
        analysed_form(n) for n in logs.filter(clicked_scenario__isnull=False)
        .values_list("normalized", flat=True).distinct()
    }  # fmt: skip
    by_form: dict[str, Gap] = {}
    for query, normalized, visitor in logs.unanswered().values_list(
        "query", "normalized", "visitor"
    ).iterator():
        form = analysed_form(normalized)
        if not form or form in answered:
            continue
        gap = by_form.setdefault(form, Gap(set(form.split()), [form]))
        gap.queries[query] += 1
        gap.searches += 1
        if visitor:
            gap.visitors.add(visitor)
    clusters: list[Gap] = []
    for gap in sorted(by_form.values(), key=lambda g: (-g.visitor_count, -g.searches)):
        home = next((c for c in clusters if _close(c.terms, gap.terms)), None)
        if home is None:
            clusters.append(gap)
            continue
        home.forms += gap.forms
        home.queries.update(gap.queries)
        home.visitors |= gap.visitors
        home.searches += gap.searches
    clusters.sort(key=lambda g: (-g.visitor_count, -g.searches))
    return clusters[:limit]


def _close(a: set, b: set) -> bool:
    return len(a & b) >= SHARED * min(len(a), len(b))
