"""Screenshots in whole-article versions: read into a snapshot, compared, and put back.

A version names each step's images by their stored file name with alt text, caption, order and
size; the files themselves are never rewritten (kb.models.images), so putting a version back
only recreates rows that point at them again. The same `sync` brings a step's images in line
with an imported file. The diff reads them in kb.content.diff.
"""

from collections import defaultdict
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from kb.models import ArticleVersion, StepImage
from kb.models.images import PREFIX

FIELDS = ["file", "alt", "caption", "order", "width", "height"]


def take(step_filter: dict) -> dict[int, list[dict]]:
    """step id -> its images as snapshot data, in order (one query)."""
    found = defaultdict(list)
    rows = StepImage.objects.filter(**step_filter).order_by("order", "pk")
    for row in rows.values("step_id", *FIELDS):
        found[row.pop("step_id")].append(row)
    return found


def sync(step_id: int, wanted: list[dict]) -> int:
    """Make the step's images exactly `wanted` (matched by file name); the rows changed."""
    current = {image.file.name: image for image in StepImage.objects.filter(step_id=step_id)}
    changes = 0
    for order, data in enumerate(wanted, 1):
        values = {
            "alt": data.get("alt", ""),
            "caption": data.get("caption", ""),
            "order": data.get("order") or order,
        }
        row = current.pop(data["file"], None)
        if row is None:
            row = StepImage(step_id=step_id, file=data["file"], width=data.get("width") or 0,
                            height=data.get("height") or 0)  # fmt: skip
        elif all(getattr(row, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        changes += 1
    if current:  # the rows go; their files stay while a version names them
        StepImage.objects.filter(pk__in=[row.pk for row in current.values()]).delete()
    return changes + len(current)


def named_files() -> set[str]:
    """Every stored file a screenshot row or an article version names."""
    names = set(StepImage.objects.values_list("file", flat=True))
    for tree in ArticleVersion.objects.values_list("snapshot", flat=True).iterator(chunk_size=50):
        for issue in tree.get("issues", []):
            for scenario in issue["scenarios"]:
                for step in scenario["steps"]:
                    names.update(image["file"] for image in step.get("images", []))
    return names


def unused_files(keep_hours: float) -> list[str]:
    """Files under step-images/ that nothing names, older than `keep_hours` (an upload whose
    save has not committed yet is not taken for an orphan)."""
    if not default_storage.exists(PREFIX.rstrip("/")):
        return []
    _, files = default_storage.listdir(PREFIX.rstrip("/"))
    named, cutoff = named_files(), timezone.now() - timedelta(hours=keep_hours)
    return sorted(
        PREFIX + name
        for name in files
        if PREFIX + name not in named and default_storage.get_modified_time(PREFIX + name) <= cutoff
    )
