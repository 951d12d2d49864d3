"""Every row of a database in a form two databases can be compared in: for the backup tests,
which compare a restored database with the original one rather than one backup file with
another (bench/support.py keeps a copy for bench/backup_restore.py, as
bench imports nothing from tests/: change both).

Run both in the test process (the original database) and, through `python -c`, in the
process that restored the backup.
"""

import datetime
import decimal
import json
import uuid

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from kb.operations.backup import backed_up_models

# Rows a new database numbers on its own: compared by natural key, never by id.
RENUMBERED = (ContentType, Permission)


def _plain(value):
    """A JSON value that keeps everything the database stored (microseconds included)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | datetime.timedelta):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def _row(obj, fields, many_to_many) -> dict:
    row = {}
    for field in fields:
        if field.is_relation and field.related_model in RENUMBERED:
            related = getattr(obj, field.name)
            row[field.name] = related.natural_key() if related else None
        else:
            row[field.attname] = _plain(getattr(obj, field.attname))
    for field in many_to_many:
        related = getattr(obj, field.name).all()
        if field.related_model in RENUMBERED:
            row[field.name] = sorted(r.natural_key() for r in related)
        else:
            row[field.name] = sorted(related.values_list("pk", flat=True))
    return row


def database_rows() -> dict[str, list[dict]]:
    """{model label: every row, field by field, in primary-key order} for the backed-up models.
    A round trip through JSON, so a snapshot from another process compares equal."""
    rows = {}
    for model in backed_up_models():
        fields = [f for f in model._meta.concrete_fields]
        many_to_many = list(model._meta.many_to_many)
        rows[model._meta.label_lower] = [
            _row(obj, fields, many_to_many)
            for obj in model._base_manager.order_by("pk").iterator()
        ]
    return json.loads(json.dumps(rows))


def transient_models() -> set[str]:
    """The models a backup leaves out."""
    backed_up = set(backed_up_models())
    return {m._meta.label_lower for m in apps.get_models() if m not in backed_up}


def sub_millisecond_times(rows: dict) -> int:
    """How many stored times carry microseconds a millisecond-precision backup would lose."""
    count = 0
    for model_rows in rows.values():
        for row in model_rows:
            for value in row.values():
                if isinstance(value, str) and len(value) > 19 and value[10:11] == "T":
                    try:
                        when = datetime.datetime.fromisoformat(value)
                    except ValueError:
                        continue
                    count += when.microsecond % 1000 != 0
    return count
