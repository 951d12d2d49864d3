"""Editing synonyms: a change applies to the next searches, with no rebuild or deploy."""

from django.contrib import admin

from kb.models import Synonym

from .history import HistoryAdmin


@admin.register(Synonym)
class SynonymAdmin(HistoryAdmin):
    list_display = ["key", "terms", "source", "enabled", "updated_at"]
    list_editable = ["enabled"]
    list_filter = ["enabled"]
    search_fields = ["key", "terms", "note", "source"]
    prepopulated_fields = {"key": ["terms"]}
    fields = ["key", "terms", "note", "source", "enabled"]
