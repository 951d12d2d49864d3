"""Content loaded from fixtures or imports has no history (raw saves skip it): before the first
admin edit, record the row as it stands, so that first edit shows a diff and can be reverted."""

from django.db.models import Exists, OuterRef, QuerySet

BASELINE_REASON = "Version before the first edit in the admin"


def record_baseline(queryset: QuerySet) -> int:
    history = queryset.model.history.model
    missing = list(queryset.filter(~Exists(history.objects.filter(id=OuterRef("pk")))))
    if missing:
        queryset.model.history.bulk_history_create(missing, default_change_reason=BASELINE_REASON)
    return len(missing)
