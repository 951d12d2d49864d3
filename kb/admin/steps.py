"""The shape of a scenario's steps: one level of sub-steps, and order numbers 10, 20, 30."""

from collections import defaultdict

from django.db import models

from kb.feedback.checklist import build
from kb.models import SolutionStep

ORDER_GAP = 10


def tree_problem(key, parents: dict) -> str | None:
    """Why step `key` cannot have the parent given in `parents` (pk -> parent pk), if it can't.

    The public page shows a step's sub-steps under it, one level deep, so a sub-step's parent
    must be a top-level step and a step that has sub-steps stays top-level.
    """
    parent = parents.get(key)
    if parent is None:
        return None
    if parent == key:
        return "A step cannot be its own sub-step."
    seen, current = {key}, parent
    while current is not None:
        if current in seen:
            return "This parent would make a loop (a step under its own sub-step): choose another."
        seen.add(current)
        current = parents.get(current)
    if parents.get(parent) is not None:
        return "The chosen parent is itself a sub-step: sub-steps go one level deep only."
    if any(p == key for p in parents.values()):
        return "This step has sub-steps of its own, so it cannot become a sub-step."
    return None


def step_position(step) -> str:
    """The step's label on the public page: "Option 2", "Step 2.1", "Note"..."""
    return build(step.scenario, visitor="").find(step).label


def renumber(objects, model) -> None:
    """Give `objects` (in their display order) the orders 10, 20, 30... writing only changes.

    Written with update() so a renumbering is not recorded as an edit in the history.
    """
    for position, obj in enumerate(objects, start=1):
        if obj.order != position * ORDER_GAP:
            model.objects.filter(pk=obj.pk).update(order=position * ORDER_GAP)
            obj.order = position * ORDER_GAP


def renumber_children(queryset: models.QuerySet) -> None:
    """Renumber issues of an article or scenarios of an issue, keeping their current order."""
    renumber(list(queryset.order_by("order", "pk").only("pk", "order")), queryset.model)


def renumber_steps(scenario) -> None:
    """Renumber a scenario's steps in page order: each top-level step, then its sub-steps."""
    steps = SolutionStep.objects.filter(scenario=scenario).order_by("order", "pk")
    children = defaultdict(list)
    for step in steps.only("pk", "order", "parent_id"):
        children[step.parent_id].append(step)
    ordered = []

    def visit(parent_id):
        for step in children.pop(parent_id, []):
            ordered.append(step)
            visit(step.pk)

    visit(None)
    for rest in list(children.values()):  # parents outside the scenario: keep them listed
        ordered.extend(rest)
    renumber(ordered, SolutionStep)
