"""The learned ranking table: which scenario visitors who typed the same words confirmed as their
fix, counted so that no one visitor, address or burst can move a ranking.

A confirmation is a search-log row whose opened scenario the same visitor then marked fixed
("Yes" on the scenario, or "This fixed it" on a step). Per (analysed query, scenario), in time
order, a confirmation counts only when its visitor has not counted yet, its network (a keyed
hash of the client's /24 or /64) has not counted that day, and it comes at least BURST_WINDOW
after the last one counted. The pair enters the table when the counted confirmations come from
KB_LEARNED_MIN_VISITORS distinct visitors and as many distinct networks; its evidence is their
number, each halved every KB_LEARNED_HALF_LIFE_DAYS. `kb_learn_ranking` rewrites the table; search
reads it (kb/search/learned.py).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kb import conf
from kb.models import LearnedBoost, SearchLog
from kb.search.analysis import analysed_form

from .outcomes import outcomes

# Confirmations closer together than this are one burst (a script, or one office's rush): one counts.
BURST_WINDOW = timedelta(minutes=5)


@dataclass
class Tally:
    evidence: float = 0.0
    visitors: set = field(default_factory=set)
    network_days: set = field(default_factory=set)
    last: object = None

    @property
    def networks(self) -> int:
        return len({network for network, _ in self.network_days})


def confirmations(since):
    """(analysed query, scenario id, visitor, network, when) of every confirmed fix since `since`,
    oldest first."""
    rows = list(
        SearchLog.objects.filter(
            clicked_scenario__isnull=False, clicked_at__gte=since
        )
        .exclude(visitor="")
        .order_by("clicked_at", "pk")
        .values_list("normalized", "clicked_scenario_id", "visitor", "network", "clicked_at")
    )
    known = outcomes({visitor for _, _, visitor, _, _ in rows})
    for normalized, scenario, visitor, network, when in rows:
        form = analysed_form(normalized)
        if form and known.of(visitor, scenario) == "fixed":
            yield form, scenario, visitor, network, when


def tallies(now=None) -> dict[tuple[str, int], Tally]:
    now = now or timezone.now()
    since = now - timedelta(days=conf.setting("KB_SEARCH_LOG_RETENTION_DAYS"))
    half_life = float(conf.setting("KB_LEARNED_HALF_LIFE_DAYS"))
    found: dict[tuple[str, int], Tally] = {}
    for form, scenario, visitor, network, when in confirmations(since):
        tally = found.setdefault((form, scenario), Tally())
        day = timezone.localtime(when).date()
        if visitor in tally.visitors or (network, day) in tally.network_days:
            continue
        if tally.last is not None and when - tally.last < BURST_WINDOW:
            continue
        tally.visitors.add(visitor)
        tally.network_days.add((network, day))
        tally.last = when
        age_days = max((now - when).total_seconds(), 0) / 86400
        tally.evidence += 0.5 ** (age_days / half_life)
    return found


def refresh(now=None) -> int:
    """Rewrite the learned ranking table from the feedback tables; the number of rows kept."""
    from kb.search import learned

    least = conf.setting("KB_LEARNED_MIN_VISITORS")
    rows = [
        LearnedBoost(terms=form[:500], scenario_id=scenario, evidence=tally.evidence,
                     visitors=len(tally.visitors), networks=tally.networks)
        for (form, scenario), tally in tallies(now).items()
        if len(tally.visitors) >= least and tally.networks >= least
    ]  # fmt: skip
    with transaction.atomic():
        LearnedBoost.objects.all().delete()
        LearnedBoost.objects.bulk_create(rows)
    learned.invalidate()
    return len(rows)
