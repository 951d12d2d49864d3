from django.contrib import admin
from django.urls import include, path

from kb.admin.importer import export_article, import_article

urlpatterns = [
    # Before admin.site.urls, whose catch-all would otherwise answer this path.
    path("admin/kb/import/", admin.site.admin_view(import_article), name="kb_admin_import"),
    path(
        "admin/kb/export/<slug:slug>/",
        admin.site.admin_view(export_article),
        name="kb_admin_export",
    ),
    path("admin/kb/insights/", include("kb.admin.insights")),
    path("admin/kb/selfservice/", include("kb.admin.selfservice")),
    path("admin/", admin.site.urls),
    path("", include("kb.views.urls")),
]
