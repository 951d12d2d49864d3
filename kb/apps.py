from django.apps import AppConfig
from django.db.models.signals import post_migrate


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = "Knowledge base"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kb.search import signals

        from .admin.roles import ensure_editor_group

        post_migrate.connect(ensure_editor_group, sender=self, dispatch_uid="kb_editor_group")
        signals.connect()
