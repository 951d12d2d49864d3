"""The home page's "Common problems": what visitors used and were helped by lately.

Each scenario scores its last WINDOW_DAYS of use, every event weighing less the older it is
(halved every HALF_LIFE_DAYS): a fix ("This fixed it" on a step, or a helpful vote) counts
FIX_WEIGHT, a page view 1. Editors' pins come first; scenarios nobody used keep the order
articles were published in (oldest first), so a just-imported article never jumps the list
because of its name.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from kb.models import Outcome, PageView, StepOutcome, Vote

WINDOW_DAYS = 30
HALF_LIFE_DAYS = 7
# A visitor saying it fixed their problem tells more than one more page view.
FIX_WEIGHT = 5.0

# Pins first, then the order articles were published in, then the article's own order.
FALLBACK_ORDER = [
    F("issue__article__published_at").asc(nulls_last=True),
    "issue__article__title",
    "issue__order",
    "order",
    "id",
]


def _decay(age_days: float) -> float:
    return 0.5 ** (max(age_days, 0.0) / HALF_LIFE_DAYS)


def usage_scores(now=None) -> tuple[dict[int, float], dict[int, int]]:
    """(scenario id -> decayed score, scenario id -> visitors it fixed it for), last 30 days."""
    now = now or timezone.now()
    since = now - timedelta(days=WINDOW_DAYS)
    today = timezone.localdate(now)
    scores = defaultdict(float)
    fixers = defaultdict(set)
    views = PageView.objects.filter(scenario__isnull=False, day__gt=today - timedelta(WINDOW_DAYS))
    for scenario_id, day, count in views.values_list("scenario_id", "day", "count"):
        scores[scenario_id] += count * _decay((today - day).days)
    fixes = [
        *Vote.objects.filter(scenario__isnull=False, helpful=True, updated_at__gte=since)
        .values_list("scenario_id", "visitor", "updated_at"),
        *StepOutcome.objects.filter(outcome=Outcome.FIXED, updated_at__gte=since)
        .values_list("step__scenario_id", "visitor", "updated_at"),
    ]  # fmt: skip
    for scenario_id, visitor, moment in fixes:
        if visitor in fixers[scenario_id]:
            continue  # one visitor's vote and step outcome are one fix
        fixers[scenario_id].add(visitor)
        scores[scenario_id] += FIX_WEIGHT * _decay((now - moment).total_seconds() / 86400)
    return dict(scores), {pk: len(who) for pk, who in fixers.items()}


def common_problems(scenarios, limit: int, now=None) -> list:
    """Up to `limit` of `scenarios` (a Scenario queryset): pins, then by recent use, then in
    published order. Each gets `.fixed_recently`, the visitors it fixed it for lately."""
    scores, fixed = usage_scores(now)
    base = scenarios.select_related("issue__article")
    chosen = list(base.filter(pinned=True).order_by(*FALLBACK_ORDER)[:limit])
    used = [pk for pk, score in scores.items() if score > 0]
    ranked = sorted(base.filter(pk__in=used, pinned=False), key=lambda s: (-scores[s.pk], s.pk))
    chosen += ranked[: limit - len(chosen)]
    if len(chosen) < limit:
        seen = [s.pk for s in chosen]
        chosen += list(base.exclude(pk__in=seen).order_by(*FALLBACK_ORDER)[: limit - len(chosen)])
    for scenario in chosen:
        scenario.fixed_recently = fixed.get(scenario.pk, 0)
    return chosen
