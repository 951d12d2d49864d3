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

__all__ = ["database_rows", "sub_millisecond_times", "transient_models"]


def transient_models() -> set[str]:
    """The models a backup leaves out."""
    backed_up = set(backed_up_models())
    return {m._meta.label_lower for m in apps.get_models() if m not in backed_up}
