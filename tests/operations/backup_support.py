"""Every row of a database in a form two databases can be compared in: for the backup tests,
which compare a restored database with the original one rather than one backup file with
another. The comparison is bench/support.py's, one copy for the tests and
bench/backup_restore.py (bench never imports tests; tests may use bench's tools).

Run `database_rows` in the test process (the original database) and, through `python -c`, in
the process that restored the backup.
"""

import sys
from pathlib import Path

from django.apps import apps

from kb.operations.backup import backed_up_models

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from support import database_rows, sub_millisecond_times  # noqa: E402

__all__ = ["add_screenshots", "database_rows", "image_files", "sub_millisecond_times",
           "transient_models"]


def transient_models() -> set[str]:
    """The models a backup leaves out."""
    backed_up = set(backed_up_models())
    return {m._meta.label_lower for m in apps.get_models() if m not in backed_up}


def image_files() -> dict[str, str]:
    """Every stored screenshot file: name -> sha256 of its bytes, read through the storage."""
    import hashlib

    from django.core.files.storage import default_storage

    from kb.models.images import PREFIX

    if not default_storage.exists(PREFIX.rstrip("/")):
        return {}
    _, names = default_storage.listdir(PREFIX.rstrip("/"))
    return {
        PREFIX + name: hashlib.sha256(default_storage.open(PREFIX + name).read()).hexdigest()
        for name in sorted(names)
    }


def add_screenshots(scenario) -> None:
    """Two screenshots on the scenario's first step, and a third file that only an article
    version names (its row was removed), as an editor's work leaves them."""
    import io

    from PIL import Image

    from kb.content import versions
    from kb.content.images import reencode
    from kb.models import StepImage

    step = scenario.steps.order_by("order")[0]
    rows = []
    for n, color in enumerate(("navy", "orange", "teal"), 1):
        out = io.BytesIO()
        Image.effect_noise((64, 48), 40 + n).convert("RGB").save(out, "PNG")
        clean = reencode(out.getvalue())
        rows.append(StepImage.objects.create(
            step=step, file=clean.content, alt=f"Screenshot {n} ({color}) é", order=n * 10,
            caption="" if n % 2 else "A caption",
        ))  # fmt: skip
    versions.record(scenario.issue.article, message="screenshots")
    rows[-1].delete()
    versions.record(scenario.issue.article, message="one removed")
