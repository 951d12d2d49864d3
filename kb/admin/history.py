"""The change history pages (django-simple-history) answer 404, not 500, for an address whose
object or version id is no id at all ("0²", "x"): simple_history filters by it unchecked.
A revert (a POST there) needs the permission to change that very object, which published
content never gives: simple_history itself saves for anyone who may view."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


def _checked(field, raw: str):
    try:
        return field.to_python(unquote(raw))
    except ValidationError:
        raise Http404("No such record.") from None


class HistoryAdmin(SimpleHistoryAdmin):
    def history_view(self, request, object_id, extra_context=None):
        _checked(self.model._meta.pk, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _checked(self.model._meta.pk, object_id)
        history_pk = self.model.history.model._meta.pk
        _checked(history_pk, version_id)
        if request.method == "POST":
            pk = _checked(self.model._meta.pk, object_id)
            current = self.model._base_manager.filter(pk=pk).first()
            record = self.model.history.filter(pk=_checked(history_pk, version_id)).first()
            target = current or (record.instance if record else None)
            if target is None or not self.has_change_permission(request, target):
                raise PermissionDenied
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )
