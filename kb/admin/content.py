"""Editing articles, issues, scenarios and steps (basic; the admin issue refines it)."""

from django.contrib import admin

from kb.models import Article, Issue, Scenario, SolutionStep, System


@admin.register(System)
class SystemAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class IssueInline(admin.TabularInline):
    model = Issue
    extra = 0
    fields = ["order", "title", "slug"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "updated_at"]
    list_filter = ["status", "systems"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [IssueInline]


class StepInline(admin.StackedInline):
    model = SolutionStep
    extra = 0
    fields = ["order", "parent", "kind", "text", "menu_paths", "fields", "link_url"]


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "issue"]
    search_fields = ["title", "slug", "symptom"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StepInline]


admin.site.register(Issue)
