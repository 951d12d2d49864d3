"""Deleting content that visitors gave feedback on is refused, from every admin page.

A vote, a step outcome, a tick or a page view would go with the row (the foreign keys cascade),
so what visitors told us would be lost. The admin's delete confirmation lists such rows as
protected, the way Django shows a PROTECT foreign key, and deletes nothing; the editor
unpublishes the article instead, or removes a step from its scenario's step list, which archives
it with its feedback.
"""

from kb.content.step_matching import with_feedback as steps_with_feedback
from kb.importer.planning import with_feedback as scenarios_with_feedback
from kb.models import Article, Issue, Scenario, SolutionStep, Vote

#: How each model's rows lead to the scenarios below them (a filter on Scenario).
SCENARIO_PATHS = {Article: "issue__article__in", Issue: "issue__in", Scenario: "pk__in"}
HINT = {
    Article: "Unpublish the article instead: it leaves the site and its feedback stays.",
    Issue: "Unpublish the article, or remove the scenarios one by one through a re-import.",
    Scenario: "Unpublish its article, or remove it through a re-import, which archives it.",
    SolutionStep: "Remove it from the scenario page's step list instead: that archives it with "
    "its feedback.",
}


def feedback_notes(model, objs) -> list[str]:
    """One line per object whose deletion would take visitors' feedback with it."""
    objs = list(objs)
    if model is SolutionStep:
        # A step's sub-steps go with it, so their feedback counts as the step's.
        owner = {step.pk: step.pk for step in objs}
        children = SolutionStep.all_objects.filter(parent__in=list(owner))
        owner.update(children.values_list("pk", "parent_id"))
        kept = {owner[pk] for pk in steps_with_feedback(owner)}
        hit = [step for step in objs if step.pk in kept]
    else:
        hit = [obj for obj in objs if _has_feedback(model, obj)]
    return [f"{obj}: visitors' feedback would be lost. {HINT[model]}" for obj in hit]


def _has_feedback(model, obj) -> bool:
    scenarios = Scenario.objects.filter(**{SCENARIO_PATHS[model]: [obj.pk]})
    if scenarios_with_feedback(scenarios.values_list("pk", flat=True)):
        return True
    if model is Article:  # votes on the article as a whole have no scenario
        return Vote.objects.filter(article=obj).exists()
    return False


class KeepFeedbackOnDeleteMixin:
    """Admin mixin: objects with visitors' feedback show as protected on the delete page."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = [*protected, *feedback_notes(self.model, objs)]
        return deleted, counts, perms_needed, protected
