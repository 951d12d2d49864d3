"""What a backup holds and how it is read: every model except the ones rebuilt or worthless
after a restore, from one snapshot, as full-precision JSON that `loaddata` reads back, written
through `kb.operations.atomic_files` so the previous backup is replaced only by a complete one.

A deny list rather than an allow list, so a model added later is backed up without anyone
remembering to add it here.
"""

import datetime
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, connection, router, transaction
from django.db.models import Prefetch

from kb.operations.atomic_files import replacing
from kb.operations.backup_files import write_images

EXCLUDED = [
    "contenttypes",  # recreated by migrate; referred to by natural key
    "auth.permission",  # likewise
    "sessions",  # sign-ins do not survive a restore
    # Lockout counters: transient. The sign-in audit log (axes.accesslog, and
    # axes.accessfailurelog) is kept.
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "kb.ratelimitbucket",  # rate-limit windows: transient
    "kb.indexchange",  # the index is rebuilt from the content after a restore
]


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder, except that times keep their microseconds (it cuts them to
    milliseconds); `loaddata` parses either form back exactly."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


def backed_up_models() -> list:
    """The models a backup holds, ordered so that natural-key references load."""
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    app_list = {
        config: None
        for config in apps.get_app_configs()
        if config.models_module is not None and config.label not in excluded_apps
    }
    return [
        model
        for model in serializers.sort_dependencies(app_list.items(), allow_cycles=True)
        if model._meta.label_lower not in excluded_models
        and not model._meta.proxy
        and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
    ]


def _own_natural_key_joins(model) -> list[str]:
    """The relations `model.natural_key()` reads (an issue's article, a permission's content
    type)."""
    needs = set(getattr(getattr(model, "natural_key", None), "dependencies", ()))
    return [field.name for field in model._meta.concrete_fields
            if field.many_to_one and field.related_model._meta.label_lower in needs]


def _natural_key_joins(model) -> list[str]:
    """The relations a row's natural foreign keys are read through (a scenario's issue, and
    the issue's article for the issue's own natural key): joined in the same query, instead of
    one query per row and relation."""
    joins = []
    for field in model._meta.concrete_fields:
        related = field.related_model if field.many_to_one else None
        if related is None or not hasattr(related, "natural_key"):
            continue
        if not field.null and not field.db_constraint:
            continue  # an inner join would drop a row whose target is gone
        joins.append(field.name)
        joins += [f"{field.name}__{inner}" for inner in _own_natural_key_joins(related)]
    return joins


def _many_to_many_prefetches(model) -> list[Prefetch]:
    """Many-to-many values read a chunk of rows at a time, in the order Django's serializer
    writes them (the related model's ordering, then id)."""
    prefetches = []
    for field in model._meta.many_to_many:
        related = field.related_model
        rows = related._base_manager.order_by(*related._meta.ordering, "pk")
        if joins := _own_natural_key_joins(related):
            rows = rows.select_related(*joins)
        prefetches.append(Prefetch(field.name, queryset=rows))
    return prefetches


def _objects(models):
    for model in models:
        # The base manager: a default manager that hides rows (archived ones, say) must not
        # keep them out of the backup.
        rows, joins = model._base_manager.all(), _natural_key_joins(model)
        if joins:  # select_related() without names would follow every relation
            rows = rows.select_related(*joins)
        rows = rows.prefetch_related(*_many_to_many_prefetches(model))
        yield from rows.order_by(model._meta.pk.name).iterator(chunk_size=2000)


class BackupSerializer(JSONSerializer):
    """Django's JSON serializer, except that many-to-many values come from the rows prefetched
    with their chunk, not from one query per row and relation."""

    def handle_m2m_field(self, obj, field):
        prefetched = getattr(obj, "_prefetched_objects_cache", {}).get(field.name)
        if prefetched is None or not field.remote_field.through._meta.auto_created:
            return super().handle_m2m_field(obj, field)
        natural = self.use_natural_foreign_keys and hasattr(field.related_model, "natural_key")
        self._current[field.name] = [
            (natural and related.natural_key()) or self._value_from_field(related, related._meta.pk)
            for related in prefetched
        ]


def serialize(stream) -> None:
    """Write every backed-up row to `stream` as a `loaddata` JSON fixture."""
    # Keep primary keys: history rows, admin log entries and search-log clicks refer to
    # objects by id; contenttypes and permissions go by natural key because a new database
    # numbers them differently.
    BackupSerializer().serialize(
        _objects(backed_up_models()),
        stream=stream,
        use_natural_foreign_keys=True,
        cls=FullPrecisionEncoder,
    )


@contextmanager
def snapshot():
    """Reads inside the block see one consistent state of every table (a vote saved meanwhile
    cannot point at an article the backup does not hold), and never hold up a writer."""
    if connection.in_atomic_block:  # a caller's transaction already fixes what is read
        yield
    elif connection.vendor == "sqlite":
        # Not transaction.atomic(): the database is set to take the write lock when a
        # transaction begins, which would hold every vote and edit for the whole backup. A
        # deferred transaction reads one WAL snapshot and locks nothing.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")  # read only: nothing to keep
    else:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield


def write_backup(path) -> None:
    """Back the database up to `path` from one snapshot, atomically (see `replacing`), and the
    screenshot files beside it (kb.operations.backup_files)."""
    with snapshot():
        write_images(Path(path))
        with replacing(Path(path)) as stream:
            serialize(stream)
