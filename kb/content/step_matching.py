"""Which saved step is which new step: by content, not position, so feedback stays with its step.

Within one scenario, a new step takes the unmatched saved step with the same text (normalised:
case and spacing), else the most similar one when difflib's ratio is at least SIMILAR. A step
rewritten below that is a new step (a fresh outcome count); the old one is archived with its
feedback when it has any, deleted otherwise.
"""

import re
from difflib import SequenceMatcher

from kb.models import StepCheck, StepOutcome
from kb.models.content import new_step_ref

SIMILAR = 0.8  # 0.8: a reworded sentence still matches; a different instruction does not


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def match(saved: list, wanted: list[str]) -> dict[int, object]:
    """wanted index -> the saved step (objects with .text and .pk) it continues."""
    found, free = {}, list(saved)
    keys = [normalised(text) for text in wanted]
    for i, key in enumerate(keys):
        same = next((s for s in free if normalised(s.text) == key), None)
        if same is not None:
            found[i] = same
            free.remove(same)
    for i, key in enumerate(keys):
        if i in found or not free:
            continue
        best, best_ratio = None, SIMILAR
        for step in free:
            matcher = SequenceMatcher(None, normalised(step.text), key, autojunk=False)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = step, ratio
        if best is not None:
            found[i] = best
            free.remove(best)
    return found


def with_feedback(step_ids) -> set[int]:
    """Those of these steps that visitors answered or ticked."""
    ids = list(step_ids)
    found = set(StepOutcome.objects.filter(step__in=ids).values_list("step_id", flat=True))
    return found | set(StepCheck.objects.filter(step__in=ids).values_list("step_id", flat=True))


def archived_ref() -> str:
    """An archived step gives up its ref (the current step at its place takes it)."""
    return f"archived-{new_step_ref()}"
