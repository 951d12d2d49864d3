"""A visitor's checklist for one scenario: which steps they ticked and how each went.

Kept server-side (StepCheck, StepOutcome: one row per visitor and step), so progress survives
reloads, works without JavaScript, and feeds the editors' step reports.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape

from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language

from kb.models import Outcome, Scenario, SolutionStep, StepCheck, StepKind, StepOutcome
from kb.models.slug_urls import slug_url
from kb.templatetags.kb_text import render_markdown

SUMMARY_STEP_CHARS = 160


@dataclass
class ChecklistItem:
    step: SolutionStep
    number: str = ""  # "2", or "2.1" for a sub-step; empty for notes and warnings
    checked: bool = False
    outcome: str = ""  # an Outcome value, or "" when the visitor has not said
    children: list["ChecklistItem"] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return f"step-{self.step.pk}"

    @property
    def check_url(self) -> str:
        return slug_url("kb:step_check")(self.step.ref)

    @property
    def outcome_url(self) -> str:
        return slug_url("kb:step_outcome")(self.step.ref)

    @property
    def is_actionable(self) -> bool:
        return self.step.is_actionable

    @property
    def asks_outcome(self) -> bool:
        return self.step.asks_outcome

    @property
    def is_alternative(self) -> bool:
        return self.step.kind == StepKind.ALTERNATIVE

    @property
    def label(self) -> str:
        if not self.is_actionable:
            return self.step.get_kind_display()
        return f"{'Option' if self.is_alternative else 'Step'} {self.number}"

    @property
    def state(self) -> tuple:
        """Everything of the visitor's that the step shows: its ticks and outcomes, and its
        sub-steps' (the page cache keeps a rendered step per state)."""
        return (self.checked, self.outcome, tuple(child.state for child in self.children))

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label if self.outcome else ""


@dataclass
class Checklist:
    scenario: Scenario
    items: list[ChecklistItem]

    def all_items(self):
        for item in self.items:
            yield item
            yield from item.children

    @property
    def actionable(self) -> list[ChecklistItem]:
        return [item for item in self.all_items() if item.is_actionable]

    @property
    def done_count(self) -> int:
        return sum(item.checked for item in self.actionable)

    @property
    def total_count(self) -> int:
        return len(self.actionable)

    @property
    def fixed(self) -> ChecklistItem | None:
        return next((i for i in self.all_items() if i.outcome == Outcome.FIXED), None)

    @property
    def all_alternatives(self) -> bool:
        top = [item for item in self.items if item.is_actionable]
        return bool(top) and all(item.is_alternative for item in top)

    @property
    def started(self) -> bool:
        return any(item.checked or item.outcome for item in self.all_items())

    @property
    def state(self) -> tuple:
        """Everything of the visitor's that the checklist shows (see ChecklistItem.state)."""
        return tuple(item.state for item in self.items)

    def find(self, step: SolutionStep) -> ChecklistItem:
        return next(item for item in self.all_items() if item.step.pk == step.pk)

    def next_to_try(self, step: SolutionStep) -> ChecklistItem | None:
        """The next top-level thing to try after `step` (or after its parent, for a sub-step)."""
        top_id = step.parent_id or step.pk
        ids = [item.step.pk for item in self.items]
        later = self.items[ids.index(top_id) + 1 :] if top_id in ids else []
        return next((item for item in later if item.is_actionable), None)

    def summary(self, page_url: str) -> str:
        """Plain text for a support ticket: the problem, then every step and how it went."""
        scenario = self.scenario
        systems = ", ".join(s.name for s in scenario.effective_systems())
        same = scenario.issue.title.lower() == scenario.title.lower()
        issue = "" if same else f" › {scenario.issue.title}"
        lines = [
            f"Problem: {scenario.title}",
            f"Article: {scenario.issue.article.title}{issue}",
            *([f"Systems: {systems}"] if systems else []),
            f"Page: {page_url}",
            "",
            f"Steps tried ({self.done_count} of {self.total_count} done):",
        ]
        for item in self.all_items():
            if not item.is_actionable:
                continue
            indent = "    " if item.step.parent_id else ""
            mark = "[x]" if item.checked else "[ ]"
            text = _summary_text(item.step.text, get_language())
            result = f" → {item.outcome_label}" if item.outcome else ""
            if not item.checked and not item.outcome:
                result = " (not tried)"
            lines.append(f"{indent}{item.number}. {mark} {text}{result}")
        return "\n".join(lines)


def plain_text(markdown_text: str) -> str:
    return " ".join(unescape(strip_tags(render_markdown(markdown_text))).split())


@lru_cache(maxsize=4096)  # a step's line is the same on every view of its page
def _summary_text(markdown_text: str, language: str | None) -> str:
    return Truncator(plain_text(markdown_text)).chars(SUMMARY_STEP_CHARS)


def build(scenario: Scenario, visitor: str, *, known: bool = True) -> Checklist:
    """The scenario's steps in order with this visitor's ticks and outcomes (two queries; none
    for a visitor not `known`, whose id was made for this request and so has nothing stored)."""
    step_ids = [step.pk for step in scenario.steps.all()]
    checked, outcomes = set(), {}
    if known:
        checked = set(
            StepCheck.objects.filter(visitor=visitor, step_id__in=step_ids).values_list(
                "step_id", flat=True
            )
        )
        outcomes = dict(
            StepOutcome.objects.filter(visitor=visitor, step_id__in=step_ids).values_list(
                "step_id", "outcome"
            )
        )

    def item(step, number):
        return ChecklistItem(
            step=step,
            number=number,
            checked=step.pk in checked,
            outcome=outcomes.get(step.pk, ""),
        )

    items = []
    for top in _numbered(scenario.step_tree()):
        parent = item(*top)
        parent.children = [
            item(child, f"{parent.number}.{n}" if n else "")
            for child, n in _numbered(top[0].children)
        ]
        items.append(parent)
    return Checklist(scenario=scenario, items=items)


def _numbered(steps):
    """Pairs (step, number) where only actionable steps count; notes get no number."""
    number = 0
    for step in steps:
        if step.is_actionable:
            number += 1
            yield step, str(number)
        else:
            yield step, ""


def set_done(step: SolutionStep, visitor: str, done: bool) -> None:
    if done:
        StepCheck.objects.get_or_create(step=step, visitor=visitor)
    else:
        StepCheck.objects.filter(step=step, visitor=visitor).delete()


def record_outcome(step: SolutionStep, visitor: str, outcome: str) -> None:
    """Upsert the visitor's outcome; having tried a step also ticks it."""
    with transaction.atomic():
        StepOutcome.objects.update_or_create(
            step=step, visitor=visitor, defaults={"outcome": outcome}
        )
        StepCheck.objects.get_or_create(step=step, visitor=visitor)


def reset(scenario: Scenario, visitor: str) -> None:
    """Start over: forget this visitor's ticks and outcomes on this scenario only."""
    with transaction.atomic():
        StepCheck.objects.filter(visitor=visitor, step__scenario=scenario).delete()
        StepOutcome.objects.filter(visitor=visitor, step__scenario=scenario).delete()
