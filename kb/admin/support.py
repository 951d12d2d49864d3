"""Support requests sent from the built-in form: staff read them and close them.

What the visitor sent is read-only; only the status changes. Every field is shown through the
admin's own escaping (the description and steps as plain text, line breaks kept).
"""

from django.contrib import admin
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from kb.models import SupportRequest, SupportStatus


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "name", "email", "problem", "product_list", "status"]
    list_filter = ["status", "created_at", "article"]
    search_fields = ["name", "email", "query", "description", "scenario__title"]
    date_hierarchy = "created_at"
    list_select_related = ["scenario", "article"]
    actions = ["close_requests", "reopen_requests"]
    fields = [
        "status", "created_at", "name", "email", "query", "product_list", "scenario",
        "article", "description_text", "steps_text", "visitor",
    ]  # fmt: skip
    readonly_fields = [f for f in fields if f != "status"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Problem")
    def problem(self, request_):
        return request_.scenario or Truncator(request_.query).chars(60) or "—"

    @admin.display(description="Products")
    def product_list(self, request_):
        return request_.products.replace(",", ", ")

    @admin.display(description="Description")
    def description_text(self, request_):
        # linebreaks() escapes the text before adding <p> and <br>.
        return mark_safe(linebreaks(request_.description, autoescape=True))  # noqa: S308

    @admin.display(description="Steps tried")
    def steps_text(self, request_):
        return format_html("<pre>{}</pre>", request_.steps_summary)

    @admin.action(description="Close the selected requests", permissions=["change"])
    def close_requests(self, request, queryset):
        queryset.update(status=SupportStatus.CLOSED)

    @admin.action(description="Reopen the selected requests", permissions=["change"])
    def reopen_requests(self, request, queryset):
        queryset.update(status=SupportStatus.OPEN)
