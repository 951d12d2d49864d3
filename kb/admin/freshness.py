"""Review dates in the admin: the "Due for review" page, "Mark reviewed" (one article from that
page, or many from the article list's actions), and the article list's "Review due" column and
filter. Everything here needs the "change article" permission; the due list is
kb.content.freshness.due_for_review.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from kb.conf import setting
from kb.content.freshness import due_for_review, mark_reviewed
from kb.content.working_copy import published_of
from kb.models import Article

MAX_WITHIN_DAYS = 366


class WithinForm(forms.Form):
    within = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_WITHIN_DAYS, label="Due within (days)"
    )

    def days(self) -> int:
        found = self.cleaned_data.get("within") if self.is_valid() else None
        return default_within() if found is None else found


def default_within() -> int:
    return int(setting("KB_REVIEW_DUE_SOON_DAYS"))


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "review_due"

    def lookups(self, request, model_admin):
        soon = default_within()
        return [
            ("overdue", "Overdue (today or earlier)"),
            ("soon", f"Due within {soon} days"),
            ("later", "Not due yet"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=default_within())
        if self.value() == "overdue":
            return queryset.filter(review_due_on__lte=today)
        if self.value() == "soon":
            return queryset.filter(review_due_on__gt=today, review_due_on__lte=soon)
        if self.value() == "later":
            return queryset.filter(review_due_on__gt=soon)
        return queryset


def see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


class FreshnessAdminMixin:
    """For ArticleAdmin: the review fields, column, filter, action and pages."""

    review_fields = [
        "review_due_on",
        "review_interval_days",
        "last_reviewed_at",
        "last_reviewed_by",
    ]

    def get_urls(self):
        return [
            path("due-for-review/", self.admin_site.admin_view(self.due_view),
                 name="kb_article_due"),
            path("<path:object_id>/mark-reviewed/", self.admin_site.admin_view(
                require_POST(self.mark_reviewed_view)), name="kb_article_mark_reviewed"),
            *super().get_urls(),
        ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "last_reviewed_at", "last_reviewed_by"]

    #: Added to the article page's fieldsets by ArticleAdmin.get_fieldsets.
    review_fieldset = ("Review", {"fields": review_fields, "description": (
        "When to check this article is still right. Changing the interval moves the due date "
        "(from the last review, else creation) unless you also set the date yourself."
    )})  # fmt: skip

    def save_model(self, request, obj, form, change):
        # Compared with the stored values, not form.changed_data: a field with a callable
        # default counts as changed whenever its hidden "initial" input is missing.
        initial = getattr(form, "initial", {})
        new_interval = obj.review_interval_days != initial.get("review_interval_days")
        same_date = obj.review_due_on == initial.get("review_due_on")
        if change and new_interval and same_date:
            obj.review_due_on = obj.next_review_due()
        super().save_model(request, obj, form, change)
        published = published_of(obj) if change and (new_interval or not same_date) else None
        if published is not None:
            # Review dates are not public content: set in a working copy, they apply to the
            # published article at once (which is read-only in the admin), counted from its
            # own last review or creation.
            published.review_interval_days = obj.review_interval_days
            due = published.next_review_due() if new_interval and same_date else obj.review_due_on
            Article.objects.filter(pk=published.pk).update(
                review_interval_days=obj.review_interval_days, review_due_on=due
            )

    @admin.display(description="Review due", ordering="review_due_on")
    def review_due(self, obj):
        if obj.review_due_on <= timezone.localdate():
            return format_html('<strong class="kb-overdue">{} (due)</strong>', obj.review_due_on)
        return obj.review_due_on

    @admin.action(description="Mark selected articles reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        done = mark_reviewed(queryset, request.user)
        self.message_user(request, f"Marked {done} article(s) reviewed.", messages.SUCCESS)

    def due_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        # Unbound without ?within=, so the box shows the default number of days.
        form = WithinForm(request.GET or None, initial={"within": default_within()})
        within = form.days()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Due for review",
            "form": form,
            "within": within,
            "rows": due_for_review(within_days=within),
            "min_votes": int(setting("KB_REVIEW_MIN_VOTES")),
            "min_rise": setting("KB_REVIEW_MIN_RISE_POINTS"),
        }
        status = 400 if form.errors else 200
        return TemplateResponse(request, "admin/kb/review/due.html", context, status=status)

    def mark_reviewed_view(self, request, object_id):
        try:
            pk = int(unquote(object_id))
        except ValueError:
            raise Http404("No such article.") from None
        article = get_object_or_404(Article, pk=pk)
        # Not has_change_permission(request, article): a published article's content is
        # read-only (edited in a working copy), but reviewing it is exactly what it needs.
        if not self.has_change_permission(request):
            raise PermissionDenied
        mark_reviewed(Article.objects.filter(pk=pk), request.user)
        article.refresh_from_db(fields=["review_due_on"])
        due = f"{article.review_due_on:%-d %b %Y}"
        messages.success(request, f"Marked “{article.title}” reviewed. Next review due {due}.")
        within = WithinForm(request.POST)
        back = reverse("admin:kb_article_due")
        if within.is_valid() and within.cleaned_data["within"] is not None:
            back += f"?within={within.cleaned_data['within']}"
        return see_other(back)
