"""How a visitor's visit to a scenario ended, as (visitor, scenario id) pairs: the join between
the search log (which scenario they opened) and what they told us on its page.

"Fixed": a "Yes" on the scenario's helpful widget, or "This fixed it" on one of its steps.
"Didn't help": a "No" on the widget, or "Didn't help" on a step, with no "fixed" from them.
"""

from dataclasses import dataclass

from kb.models import Outcome, StepOutcome, Vote

Pair = tuple[str, int]


@dataclass(frozen=True)
class Outcomes:
    fixed: frozenset[Pair]
    unhelpful: frozenset[Pair]

    def of(self, visitor: str, scenario_id: int | None) -> str:
        """"fixed", "unhelpful" or "" (no answer) for a visitor's visit to a scenario."""
        if not visitor or scenario_id is None:
            return ""
        if (visitor, scenario_id) in self.fixed:
            return "fixed"
        return "unhelpful" if (visitor, scenario_id) in self.unhelpful else ""


def outcomes(visitors=None) -> Outcomes:
    """Every visitor's outcomes (of `visitors` only, when given)."""
    votes = Vote.objects.filter(scenario__isnull=False)
    steps = StepOutcome.objects.all()
    if visitors is not None:
        visitors = list(visitors)
        votes, steps = votes.filter(visitor__in=visitors), steps.filter(visitor__in=visitors)
    fixed, unhelpful = set(), set()
    for visitor, scenario, helpful in votes.values_list("visitor", "scenario_id", "helpful"):
        (fixed if helpful else unhelpful).add((visitor, scenario))
    for visitor, scenario, outcome in steps.values_list("visitor", "step__scenario_id", "outcome"):
        (fixed if outcome == Outcome.FIXED else unhelpful).add((visitor, scenario))
    return Outcomes(frozenset(fixed), frozenset(unhelpful - fixed))
