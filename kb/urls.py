from django.contrib import admin
from django.urls import include, path

from kb.admin.importer import import_article

urlpatterns = [
    # Before admin.site.urls, whose catch-all would otherwise answer this path.
    path("admin/kb/import/", admin.site.admin_view(import_article), name="kb_admin_import"),
    path("admin/", admin.site.urls),
    path("", include("kb.views.urls")),
]
