"""Links between scenarios: the related list on a scenario page, and steps that point elsewhere.

A step written for the article as one page ("Perform the troubleshooting steps first for contact
records (listed above)") names a step that, split into scenario pages, now lives on another page:
`see_also` finds the scenarios it means, so the page can link to them.
"""

import re
from dataclasses import dataclass, field

from kb.models import Scenario

RELATED_COUNT = 12
# "… for contact records (listed above)": the words between "for" and the marker say what.
POINTER = re.compile(
    r"\bfor\s+(?P<subject>[^().;]{3,80}?)\s*\((?:listed|described|shown|see) above\)", re.I
)
WORD = re.compile(r"[a-z]{3,}")
# Words too common in titles to tell scenarios apart.
COMMON = {"the", "and", "for", "not", "are", "steps", "step", "first", "perform", "issue"}


@dataclass
class Related:
    same_issue: list = field(default_factory=list)
    same_article: list = field(default_factory=list)

    @property
    def all(self) -> list:
        return self.same_issue + self.same_article


def related_scenarios(scenario: Scenario, visible) -> Related:
    """Other scenarios of the same issue, then of the same article (at most RELATED_COUNT)."""
    others = list(
        visible.filter(issue__article_id=scenario.issue.article_id)
        .exclude(pk=scenario.pk)
        .order_by("issue__order", "order", "id")[:RELATED_COUNT]
    )
    return Related(
        same_issue=[s for s in others if s.issue_id == scenario.issue_id],
        same_article=[s for s in others if s.issue_id != scenario.issue_id],
    )


def _stems(text: str) -> set[str]:
    # Six letters tell "synchronized" and "synchronised" from "sync job" well enough here.
    return {word[:6] for word in WORD.findall(text.lower()) if word not in COMMON}


def see_also(text: str, scenario: Scenario, candidates) -> list:
    """The scenarios a "(listed above)" step means, best first; [] for any other step.

    A candidate's title must contain the pointer's subject ("contact"); among those, the ones
    sharing most words with the step win, ordered by the words their titles share with this
    scenario's ("… in Practice Management" first on a Practice Management page).
    """
    match = POINTER.search(text)
    if not match:
        return []
    subject = _stems(match.group("subject"))
    words = _stems(text)
    scored = []
    for other in candidates:
        title = _stems(other.title)
        if other.pk == scenario.pk or not subject & title:
            continue
        scored.append((len(words & title), other))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    own = _stems(scenario.title)
    chosen = [other for score, other in scored if score == best]
    return sorted(chosen, key=lambda other: -len(own & _stems(other.title)))
