"""The article list's review parts: a "Review" column and filter (working copies, waiting for
review, sent back, scheduled), and the Publish / Unpublish actions (kb.publish_article)."""

from django.contrib import admin, messages
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html

from kb.content import publishing, versions
from kb.models import Article, ReviewState, Status

from .review import may_publish, review_state_label


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("working", "Working copies"),
            ("waiting", "Waiting for review"),
            ("sent_back", "Sent back"),
            ("scheduled", "Scheduled to publish"),
            ("has_working", "Published, with a working copy"),
        ]

    def queryset(self, request, queryset):
        wanted = {
            "working": {"review__working_copy_of__isnull": False},
            "waiting": {"review__state": ReviewState.SUBMITTED},
            "sent_back": {"review__state": ReviewState.SENT_BACK},
            "scheduled": {
                "review__state": ReviewState.SUBMITTED,
                "review__publish_at__isnull": False,
            },
            "has_working": {"working_copy_review__isnull": False},
        }.get(self.value())
        return queryset.filter(**wanted) if wanted else queryset


class ReviewActionsMixin:
    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        return may_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        """Status changes through Publish (review), never by a field an editor can flip; a
        working copy stays a draft until it is published onto its article."""
        fields = list(super().get_readonly_fields(request, obj))
        review = _related(obj, "review")
        if not may_publish(request.user) or (review is not None and review.is_working_copy):
            fields.append("status")
        return fields

    @admin.display(description="Review")
    def review_column(self, obj):
        copy = _related(obj, "working_copy_review")
        if copy is not None:
            url = reverse("admin:kb_article_change", args=[copy.article_id])
            return format_html('<a href="{}">Working copy</a> ({})', url, copy.get_state_display())
        label = review_state_label(obj)
        review = obj.review if label else None
        if review is not None and review.is_working_copy:
            url = reverse("admin:kb_article_change", args=[review.working_copy_of_id])
            return format_html('Working copy of <a href="{}">{}</a>: {}', url,
                               review.working_copy_of.title, label)  # fmt: skip
        return label or "-"

    @admin.action(
        description="Publish selected articles and working copies", permissions=["publish"]
    )
    def publish(self, request, queryset):
        done, refused = 0, []
        for article in queryset:
            try:
                publishing.publish(article, user=request.user)
            except publishing.PublishRefused as exc:
                refused.append(f"{article.title}: {exc}")
            else:
                done += 1
        self.message_user(request, f"Published {done} article(s).", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, f"Not published: {reason}", messages.WARNING)

    @admin.action(
        description="Unpublish selected articles (back to draft)", permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        changed = 0
        with transaction.atomic():
            # The list's queryset outer-joins the review rows, which FOR UPDATE cannot lock.
            pks = list(queryset.values_list("pk", flat=True))
            live = Article.objects.select_for_update().filter(pk__in=pks, status=Status.PUBLISHED)
            for article in live:
                versions.ensure_baseline(article.pk)
                publishing.set_status(article, Status.DRAFT, request.user)
                versions.record(article, user=request.user, message="Status: draft")
                changed += 1
        self.message_user(request, f"Unpublished {changed} article(s).", messages.SUCCESS)


def _related(obj, name):
    """A reverse one-to-one of `obj`, or None (Django raises DoesNotExist when it is missing)."""
    try:
        return getattr(obj, name) if obj is not None else None
    except ObjectDoesNotExist:
        return None
