"""Which saved step is which new step: by content, not position, so feedback stays with its step.

Within one scenario, a new step takes the unmatched saved step with the same text (normalised:
case and spacing), else the most similar one when difflib's ratio over their words is at least
SIMILAR. A step
rewritten below that is a new step (a fresh outcome count); the old one is archived with its
feedback when it has any, deleted otherwise.
"""

import re
from collections import defaultdict
from difflib import SequenceMatcher

from kb.models import StepCheck, StepOutcome
from kb.models.content import new_step_ref

SIMILAR = 0.8  # 0.8: a reworded sentence still matches; a different instruction does not


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def similarity(old_words: list[str], new_words: list[str]) -> float:
    """difflib's ratio over words: one changed word in ten keeps a step, a new sentence not."""
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def match(saved: list, wanted: list[str]) -> dict[int, object]:
    """wanted index -> the saved step (objects with .text and .pk) it continues."""
    keys = [normalised(text) for text in wanted]
    free = {}  # saved index -> normalised text, in order
    by_text = defaultdict(list)
    for j, step in enumerate(saved):
        free[j] = normalised(step.text)
        by_text[free[j]].append(j)
    found = {}
    for i, key in enumerate(keys):
        if by_text.get(key):
            j = by_text[key].pop(0)
            found[i] = saved[j]
            del free[j]
    for i, key in enumerate(keys):
        if i in found or not free:
            continue
        words = key.split()
        scored = [(similarity(text.split(), words), j) for j, text in free.items()]
        ratio, j = max(scored, key=lambda pair: (pair[0], -pair[1]))
        if ratio >= SIMILAR:
            found[i] = saved[j]
            del free[j]
    return found


def with_feedback(step_ids) -> set[int]:
    """Those of these steps that visitors answered or ticked."""
    ids = list(step_ids)
    found = set(StepOutcome.objects.filter(step__in=ids).values_list("step_id", flat=True))
    return found | set(StepCheck.objects.filter(step__in=ids).values_list("step_id", flat=True))


def archived_ref() -> str:
    """An archived step gives up its ref (the current step at its place takes it)."""
    return f"archived-{new_step_ref()}"


def archive(steps, now) -> None:
    """Hide these steps, keeping their feedback, one save() each (history, search index)."""
    for step in steps:
        step.archived_at, step.parent = now, None
        step.ref = archived_ref()
        step.save()
