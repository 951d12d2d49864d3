"""Whole-article versions in the admin: recorded on every save, listed, compared, restored;
and the version token that stops two editors from silently overwriting each other.

Each change form carries the article's version number as it was when the page opened. Saving
checks it against the newest version (the article row locked, so two saves queue): if the part
of the article this form edits changed since, the save is refused, the submitted values are
shown again, and the page shows what changed in between. The token is then moved on, so saving
again (after merging) goes through.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from kb.content import diff, snapshot, versions
from kb.content.restore import RestoreFailed, restore
from kb.models import Article, ArticleVersion, Issue, Scenario, SolutionStep

from .forms import ArticleAdminForm, IssueForm, ScenarioAdminForm, SingleStepForm

#: How each admin's object leads to its article (a values_list path from the object's pk).
ARTICLE_PATHS = {
    Article: "pk",
    Issue: "article_id",
    Scenario: "issue__article_id",
    SolutionStep: "scenario__issue__article_id",
}
KINDS = {Article: "article", Issue: "issue", Scenario: "scenario", SolutionStep: "step"}
CONFLICT = (
    "Someone else saved this {what} after you opened it (now version {current}). Nothing was "
    "saved. The form below keeps every change you made; fields you had not touched now show "
    "the current text. Check what changed (shown above), merge, and save again."
)
#: Fields a conflict refreshes when the editor left them as they were (lists are left alone).
MERGED = ["title", "slug", "summary", "symptom", "source", "text", "kind", "order", "link_url"]


def _same(submitted, value) -> bool:
    def norm(text):
        return str(text).replace("\r\n", "\n").strip()

    return submitted is not None and norm(submitted) == norm("" if value is None else value)


def merge_untouched(data, key_of, opened: dict | None, current: dict | None) -> None:
    """Three-way merge of one submitted form in `data`: a field the editor submitted as it was
    when they opened the page takes its current value; their own changes stay."""
    if not opened or not current:
        return
    for name in MERGED:
        key = key_of(name)
        if key in data and name in opened and name in current:
            if _same(data[key], opened[name]) and not _same(data[key], current[name]):
                data[key] = "" if current[name] is None else str(current[name])


def article_ids(model, pks) -> set[int]:
    manager = getattr(model, "all_objects", model._base_manager)
    return set(manager.filter(pk__in=list(pks)).values_list(ARTICLE_PATHS[model], flat=True))


def merge_inlines(request, opened: dict, current: dict) -> None:
    """merge_untouched() for every row of the inline formsets submitted with the form."""
    for prefix, kind, data in getattr(request, "kb_inline_data", []):
        for i in range(int(data.get(f"{prefix}-TOTAL_FORMS") or 0)):
            try:
                pk = int(data.get(f"{prefix}-{i}-id") or "")
            except ValueError:
                continue
            merge_untouched(
                data, lambda name, row=f"{prefix}-{i}": f"{row}-{name}",
                opened.get((kind, pk)), current.get((kind, pk)),
            )  # fmt: skip


class VersionTokenMixin(forms.Form):
    """On the change forms of Article, Issue, Scenario and SolutionStep (see module doc)."""

    version_token = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
    version_message = forms.CharField(
        required=False,
        max_length=300,
        label="Version note",
        help_text="Optional: why you made this change, shown in the article's versions.",
    )
    version_conflict = None  # an ArticleDiff when the save was refused
    article_id = None
    request = None  # set by VersionedAdminMixin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            [article_id] = article_ids(type(self.instance), [self.instance.pk]) or [None]
            self.article_id = article_id
            self.fields["version_token"].initial = ArticleVersion.objects.latest_number(article_id)

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("version_token")
        if self.instance.pk and token is not None and self.article_id:
            self.check_conflict(token)
        return cleaned

    def check_conflict(self, token: int) -> None:
        versions.lock(self.article_id)
        current = ArticleVersion.objects.latest_number(self.article_id)
        if current == token:
            return
        kind, pk = KINDS[type(self.instance)], self.instance.pk
        opened = versions.opened(self.article_id, token)
        now = snapshot.take(self.article_id)
        if opened is not None and snapshot.part(opened, kind, pk) == snapshot.part(now, kind, pk):
            return  # others changed other parts of the article: nothing of this form's
        self.version_conflict = diff.compare(opened or now, now)
        self.version_conflict.opened, self.version_conflict.current = token, current
        self.data = self.data.copy()
        self.data[self.add_prefix("version_token")] = str(current)
        merge_untouched(
            self.data, self.add_prefix, snapshot.part(opened or now, kind, pk),
            snapshot.part(now, kind, pk),
        )  # fmt: skip
        if self.request is not None:
            merge_inlines(self.request, snapshot.rows(opened or now), snapshot.rows(now))
        what = type(self.instance)._meta.verbose_name
        raise forms.ValidationError(CONFLICT.format(what=what, current=current))


class ArticleVersionedForm(VersionTokenMixin, ArticleAdminForm):
    pass


class IssueVersionedForm(VersionTokenMixin, IssueForm):
    pass


class ScenarioVersionedForm(VersionTokenMixin, ScenarioAdminForm):
    pass


class StepVersionedForm(VersionTokenMixin, SingleStepForm):
    pass


class VersionedAdminMixin:
    """Records one version of the article per save or delete made through this admin page."""

    change_form_template = "admin/kb/versioned_change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return form.__class__(form.__name__, (form,), {"request": request})

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """Keep each inline's submitted data at hand: after a conflict (found later, by the
        form), rows the editor left untouched are given the current values."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if "data" in kwargs and inline.model in KINDS:
            request.kb_inline_data = [
                *getattr(request, "kb_inline_data", []),
                (prefix, KINDS[inline.model], kwargs["data"]),
            ]
        return kwargs

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        extra = ["version_message"] + (["version_token"] if obj is not None else [])
        return [*fieldsets, ("Version", {"fields": extra})]

    def save_model(self, request, obj, form, change):
        before = article_ids(self.model, [obj.pk]) if change and obj.pk else set()
        for article_id in before:
            versions.ensure_baseline(article_id)
        obj._kb_articles_before = before
        obj._kb_version_message = getattr(form, "cleaned_data", {}).get("version_message", "")
        super().save_model(request, obj, form, change)

    def record_versions(self, request, obj, message=""):
        ids = getattr(obj, "_kb_articles_before", set()) | article_ids(self.model, [obj.pk])
        message = message or getattr(obj, "_kb_version_message", "")
        for article_id in ids:
            versions.record(article_id, user=request.user, message=message)

    def log_addition(self, request, obj, message):
        super().log_addition(request, obj, message)
        self.record_versions(request, obj)

    def log_change(self, request, obj, message):
        super().log_change(request, obj, message)
        self.record_versions(request, obj)

    def delete_model(self, request, obj):
        self.delete_queryset(request, self.model._base_manager.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        pks = queryset.values_list("pk", flat=True)
        ids = set() if self.model is Article else article_ids(self.model, pks)
        for article_id in ids:
            versions.ensure_baseline(article_id)
        names = ", ".join(str(obj) for obj in queryset[:3])
        super().delete_queryset(request, queryset)
        label = self.model._meta.verbose_name
        for article_id in ids:
            message = f"Deleted {label}: {names}"
            versions.record(article_id, user=request.user, message=message)


class CompareForm(forms.Form):
    a = forms.IntegerField(min_value=1, label="From version")
    b = forms.IntegerField(min_value=1, label="To version")


class ArticleVersionsMixin:
    """The article's versions page, the comparison of two versions, and "Restore"."""

    def get_urls(self):
        def view(func):
            return self.admin_site.admin_view(func)

        return [
            path(
                "<path:object_id>/versions/", view(self.versions_view), name="kb_article_versions"
            ),  # fmt: skip
            path(
                "<path:object_id>/versions/compare/",
                view(self.compare_view),
                name="kb_article_compare",
            ),  # fmt: skip
            path(
                "<path:object_id>/versions/<int:number>/restore/",
                view(self.restore_view),
                name="kb_article_restore",
            ),  # fmt: skip
            *super().get_urls(),
        ]

    def versioned_article(self, request, object_id) -> Article:
        try:
            pk = int(unquote(object_id))
        except ValueError:
            raise Http404("No such article.") from None
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def versions_context(self, request, article, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "article": article,
            "title": f"Versions of “{article.title}”",
            "can_restore": request.user.has_perm("kb.change_article"),
            **extra,
        }

    def versions_view(self, request, object_id):
        article = self.versioned_article(request, object_id)
        rows = list(article.versions.select_related("author", "reviewer").defer("snapshot"))
        context = self.versions_context(request, article, versions=rows)
        return TemplateResponse(request, "admin/kb/versions/list.html", context)

    def compare_view(self, request, object_id):
        article = self.versioned_article(request, object_id)
        form = CompareForm(request.GET)
        if not form.is_valid():
            context = self.versions_context(request, article, form=form, result=None)
            return TemplateResponse(request, "admin/kb/versions/compare.html", context, status=400)
        found = {v.number: v for v in article.versions.filter(
            number__in=[form.cleaned_data["a"], form.cleaned_data["b"]])}  # fmt: skip
        old, new = found.get(form.cleaned_data["a"]), found.get(form.cleaned_data["b"])
        if old is None or new is None:
            raise Http404("No such version of this article.")
        result = diff.compare(old.snapshot, new.snapshot)
        context = self.versions_context(
            request, article, form=form, old=old, new=new, result=result
        )
        return TemplateResponse(request, "admin/kb/versions/compare.html", context)

    def restore_view(self, request, object_id, number):
        return require_POST(self._restore)(request, object_id, number)

    def _restore(self, request, object_id, number):
        article = self.versioned_article(request, object_id)
        if not request.user.has_perm("kb.change_article"):
            raise PermissionDenied
        version = get_object_or_404(ArticleVersion, article=article, number=number)
        if article.is_published:  # into its working copy: the public page waits for review
            return self.restore_into_working_copy(request, article, version)
        try:
            new = restore(version, user=request.user, message=request.POST.get("message", ""))
        except RestoreFailed as exc:
            messages.error(request, f"Version {number} was not restored: {exc}")
        else:
            done = f"Restored version {number}" + (f" as version {new.number}." if new else ".")
            messages.success(request, done)
        response = redirect(reverse("admin:kb_article_versions", args=[article.pk]))
        response.status_code = 303
        return response
