"""Editing articles, issues, scenarios and steps: inlines, ordering, publishing, history."""

from django.contrib import admin, messages
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from kb.content.baseline import record_baseline
from kb.models import (
    Article,
    ArticleSlugRedirect,
    Issue,
    Scenario,
    SlugRedirect,
    SolutionStep,
    System,
)
from kb.templatetags.kb_text import markdown_filter

from .columns import HelpfulColumnMixin, count_of, last_editor, with_helpful
from .deletion import KeepFeedbackOnDeleteMixin
from .forms import (
    IssueForm,
    ScenarioInlineForm,
    StepForm,
    StepFormSet,
)
from .freshness import FreshnessAdminMixin, ReviewDueFilter
from .history import HistoryAdmin
from .review import LiveContentMixin, LiveInlineMixin, has_public_url
from .review_list import ReviewActionsMixin, ReviewFilter
from .review_views import ArticleReviewMixin
from .images import ScreenshotCountMixin, StepImageInline
from .steps import renumber_children, renumber_steps, step_position
from .versions import (
    ArticleVersionedForm,
    ArticleVersionsMixin,
    IssueVersionedForm,
    ScenarioVersionedForm,
    StepVersionedForm,
    VersionedAdminMixin,
)

REORDER_JS = "kb/admin/reorder.js"


@admin.register(System)
class SystemAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ReorderMedia:
    class Media:
        js = [REORDER_JS]
        css = {"all": ["kb/admin/reorder.css"]}


class KeepOldUrlMixin:
    """After a confirmed rename of a published page, its old URL redirects to the new one."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        old = getattr(form, "redirect_from", None)
        if not old:
            return
        redirects = form.redirect_model.objects
        field = form.redirect_fk.removesuffix("_id")
        # The new slug may be an old address of this very page: it must not shadow it.
        redirects.filter(old_slug=obj.slug).delete()
        redirects.update_or_create(old_slug=old, defaults={field: obj})
        new_url = obj.get_absolute_url()
        self.message_user(
            request,
            f"{form.url_pattern.format(old)} now redirects to {new_url}.",
            messages.INFO,
        )

    @admin.display(description="Old URLs (redirect here)")
    def old_urls(self, obj):
        olds = obj.old_slugs.values_list("old_slug", flat=True)
        return ", ".join(self.form.url_pattern.format(slug) for slug in olds) or "none"


class IssueInline(LiveInlineMixin, admin.TabularInline):
    model = Issue
    form = IssueForm
    extra = 0
    fields = ["order", "title", "slug", "title_inferred"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True

    def view_on_site(self, obj):
        return f"{obj.article.get_absolute_url()}#issue-{obj.slug}"


@admin.register(Article)
class ArticleAdmin(
    FreshnessAdminMixin,
    ArticleReviewMixin,
    ReviewActionsMixin,
    ArticleVersionsMixin,
    KeepFeedbackOnDeleteMixin,
    LiveContentMixin,
    VersionedAdminMixin,
    HelpfulColumnMixin,
    KeepOldUrlMixin,
    ReorderMedia,
    HistoryAdmin,
):
    form = ArticleVersionedForm
    inlines = [IssueInline]
    list_display = [
        "title",
        "status",
        "review_column",
        "issue_count",
        "scenario_count",
        "helpful",
        "last_edited",
        "published_at",
        "review_due",
    ]
    list_filter = ["status", ReviewFilter, ReviewDueFilter, "systems", "is_synthetic"]
    search_fields = ["title", "slug", "summary", "issues__title", "issues__scenarios__title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["systems"]
    readonly_fields = ["old_urls", "published_at", "created_at", "updated_at"]
    actions = ["publish", "unpublish", "mark_reviewed"]
    history_list_display = ["status"]

    def get_queryset(self, request):
        return with_helpful(super().get_queryset(request), "article").annotate(
            n_issues=count_of(Issue.objects.all(), "article"),
            n_scenarios=count_of(Scenario.objects.all(), "issue__article"),
            edited_by=last_editor(Article),
        ).select_related("review__working_copy_of", "working_copy_review__article")

    def get_fieldsets(self, request, obj=None):
        main = ["title", "slug", "status", "summary", "systems"]
        if obj is not None and has_public_url(obj):
            main.insert(2, "confirm_slug_change")
        details = ["source", "is_synthetic", "published_at", "created_at", "updated_at"]
        if obj is not None:
            details.insert(0, "old_urls")
        return [(None, {"fields": main}), ("Details", {"fields": details}), self.review_fieldset]

    @admin.display(description="Issues", ordering="n_issues")
    def issue_count(self, obj):
        return obj.n_issues

    @admin.display(description="Scenarios", ordering="n_scenarios")
    def scenario_count(self, obj):
        return obj.n_scenarios

    def save_model(self, request, obj, form, change):
        if obj.is_published and not obj.published_at:
            obj.published_at = timezone.now()
        elif not obj.is_published:
            obj.published_at = None
        if change:
            record_baseline(Article.objects.filter(pk=obj.pk))
            record_baseline(Issue.objects.filter(article=obj))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        renumber_children(form.instance.issues.all())


class ScenarioInline(LiveInlineMixin, admin.TabularInline):
    model = Scenario
    form = ScenarioInlineForm
    extra = 0
    fields = ["order", "title", "slug", "title_inferred"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True


@admin.register(Issue)
class IssueAdmin(
    KeepFeedbackOnDeleteMixin, LiveContentMixin, VersionedAdminMixin, ReorderMedia, HistoryAdmin
):
    form = IssueVersionedForm
    inlines = [ScenarioInline]
    list_display = ["title", "article", "order", "scenario_count"]
    list_filter = ["article__status", "article"]
    list_select_related = ["article"]
    search_fields = ["title", "slug", "article__title", "scenarios__title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["article"]
    fields = ["article", "title", "slug", "title_inferred", "order"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_scenarios=count_of(Scenario.objects.all(), "issue"))
        )

    def view_on_site(self, obj):
        return f"{obj.article.get_absolute_url()}#issue-{obj.slug}"

    def save_model(self, request, obj, form, change):
        if change:
            record_baseline(Issue.objects.filter(pk=obj.pk))
            record_baseline(Scenario.objects.filter(issue=obj))
        super().save_model(request, obj, form, change)

    @admin.display(description="Scenarios", ordering="n_scenarios")
    def scenario_count(self, obj):
        return obj.n_scenarios

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        renumber_children(form.instance.scenarios.all())
        renumber_children(form.instance.article.issues.all())


class StepInline(LiveInlineMixin, ScreenshotCountMixin, admin.StackedInline):
    model = SolutionStep
    form = StepForm
    formset = StepFormSet
    extra = 0
    fields = [
        "position", "order", "parent", "kind", "text", "menu_paths", "fields", "link_url",
        "outcome_question", "screenshots",
    ]  # fmt: skip
    readonly_fields = ["position", "screenshots"]
    show_change_link = True
    classes = ["kb-steps"]

    def get_queryset(self, request):
        # Page order: each top-level step followed by its sub-steps, as readers see them.
        return (
            super()
            .get_queryset(request)
            .order_by(
                Coalesce("parent__order", "order"),
                Coalesce("parent_id", "id"),
                F("parent_id").asc(nulls_first=True),
                "order",
                "id",
            )
        )

    @admin.display(description="Shown as")
    def position(self, obj):
        return step_position(obj) if obj.pk else "new step"

    def view_on_site(self, obj):
        return f"{obj.scenario.get_absolute_url()}#step-{obj.pk}"


@admin.register(Scenario)
class ScenarioAdmin(
    KeepFeedbackOnDeleteMixin,
    LiveContentMixin,
    VersionedAdminMixin,
    HelpfulColumnMixin,
    KeepOldUrlMixin,
    ReorderMedia,
    HistoryAdmin,
):
    form = ScenarioVersionedForm
    inlines = [StepInline]
    save_on_top = True  # a scenario with many steps is a long page
    list_display = ["title", "article", "status", "step_count", "helpful", "last_edited"]
    list_filter = [
        "issue__article__status",
        "pinned",  # listed first among the home page's common problems
        ("archived_at", admin.EmptyFieldListFilter),  # archived by a re-import, feedback kept
        "systems",
        "issue__article",
    ]
    list_select_related = ["issue__article"]
    search_fields = ["title", "slug", "symptom", "steps__text", "issue__title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["issue"]
    filter_horizontal = ["systems"]
    readonly_fields = ["old_urls", "created_at", "updated_at"]
    history_list_display = ["slug"]

    def get_queryset(self, request):
        return with_helpful(super().get_queryset(request), "scenario").annotate(
            n_steps=count_of(SolutionStep.objects.all(), "scenario"),
            edited_by=last_editor(Scenario),
        )

    def get_fields(self, request, obj=None):
        fields = ["issue", "title", "slug"]
        if obj is not None and has_public_url(obj):
            fields.append("confirm_slug_change")
        fields += ["title_inferred", "symptom", "systems", "order", "pinned", "is_synthetic"]
        if obj is not None:
            fields += ["old_urls", "created_at", "updated_at"]
        return fields

    @admin.display(description="Article", ordering="issue__article__title")
    def article(self, obj):
        return obj.issue.article

    @admin.display(description="Status", ordering="issue__article__status")
    def status(self, obj):
        return obj.issue.article.get_status_display()

    @admin.display(description="Steps", ordering="n_steps")
    def step_count(self, obj):
        return obj.n_steps

    def save_model(self, request, obj, form, change):
        if change:
            record_baseline(Scenario.objects.filter(pk=obj.pk))
            record_baseline(SolutionStep.objects.filter(scenario=obj))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        renumber_steps(form.instance)
        renumber_children(form.instance.issue.scenarios.all())


@admin.register(SolutionStep)
class SolutionStepAdmin(
    KeepFeedbackOnDeleteMixin, LiveContentMixin, VersionedAdminMixin, HistoryAdmin
):
    """Steps are added on their scenario's page; here they are found, and their history kept."""

    form = StepVersionedForm
    inlines = [StepImageInline]
    list_display = ["short_text", "scenario", "kind", "order", "parent_link"]
    list_filter = ["kind", "scenario__issue__article"]
    list_select_related = ["scenario", "parent"]
    search_fields = ["text", "ref", "scenario__title", "menu_paths", "fields"]
    fields = [
        "scenario", "order", "parent", "kind", "text", "preview", "menu_paths", "fields",
        "link_url", "ref",
    ]  # fmt: skip
    readonly_fields = ["scenario", "preview", "ref"]
    history_list_display = ["order", "kind"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="As readers see it (sanitised)")
    def preview(self, obj):
        return markdown_filter(obj.text)

    def view_on_site(self, obj):
        return f"{obj.scenario.get_absolute_url()}#step-{obj.pk}"

    @admin.display(description="Step", ordering="text")
    def short_text(self, obj):
        return str(obj)

    @admin.display(description="Sub-step of")
    def parent_link(self, obj):
        if obj.parent_id is None:
            return "-"
        url = reverse("admin:kb_solutionstep_change", args=[obj.parent_id])
        return format_html('<a href="{}">#{}</a>', url, obj.parent.order)

    def save_model(self, request, obj, form, change):
        record_baseline(SolutionStep.objects.filter(pk=obj.pk))
        super().save_model(request, obj, form, change)
        renumber_steps(obj.scenario)


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "scenario", "created_at"]
    search_fields = ["old_slug", "scenario__slug", "scenario__title"]
    autocomplete_fields = ["scenario"]


@admin.register(ArticleSlugRedirect)
class ArticleSlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__slug", "article__title"]
    autocomplete_fields = ["article"]
