import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
application = get_asgi_application()

from kb.runtime import tune_garbage_collector  # noqa: E402

tune_garbage_collector()
