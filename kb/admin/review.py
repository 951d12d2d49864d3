"""Published content is read-only in the admin: editors change its working copy, and the
change forms show where a draft stands in review (submit, publish, send back, schedule).

`LiveContentMixin` goes on the Article, Issue, Scenario and SolutionStep admins (and
`LiveInlineMixin` on their inlines): no change, add or delete on a published article's rows,
so no POST changes published content; only kb.content.publishing does.
"""

from django.contrib import messages
from django.urls import reverse

from kb.content import review, working_copy
from kb.models import Article, Issue, Review, ReviewState, Scenario, SolutionStep

PUBLISH_PERMISSION = "kb.publish_article"
READ_ONLY = (
    "Published: what the public sees. This page is read-only; changes are made in the "
    "article's working copy and go live when a reviewer publishes it."
)


def may_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def article_of(obj) -> Article | None:
    if obj is None or obj.pk is None:
        return None
    if isinstance(obj, Article):
        return obj
    if isinstance(obj, Issue):
        return obj.article
    if isinstance(obj, Scenario):
        return obj.issue.article
    if isinstance(obj, SolutionStep):
        return obj.scenario.issue.article
    return None


def is_live(obj) -> bool:
    """Part of a published article (so read-only here), as the database has it: a form being
    validated may have set the status on the instance already."""
    article = article_of(obj)
    return article is not None and Article.objects.published().filter(pk=article.pk).exists()


def has_public_url(obj) -> bool:
    """The working copy's row of something published: a new slug moves a public URL (the
    published row itself is read-only, so it needs no confirmation box)."""
    return working_copy.origin_of(obj) is not None


def panel(request, obj) -> dict:
    """What the change form shows above the fields about publishing and review."""
    article = article_of(obj)
    if article is None:
        return {}
    if article.is_published:
        return {
            "live": True, "article": article, "message": READ_ONLY,
            "working_copy": working_copy.of(article),
            "may_edit": request.user.has_perm("kb.change_article"),
            "edit_url": reverse("admin:kb_article_working_copy", args=[article.pk]),
            "target": f"{type(obj)._meta.model_name}-{obj.pk}",
        }  # fmt: skip
    found = working_copy.review_of(article)
    return {
        "live": False,
        "article": article,
        "review": found,
        "published": found.working_copy_of if found else None,
        "on_article": isinstance(obj, Article),
        "may_publish": may_publish(request.user),
        "may_edit": request.user.has_perm("kb.change_article"),
        "submitted": found is not None and found.state == ReviewState.SUBMITTED,
    }


class LiveContentMixin:
    """Read-only published content; the review panel on every change form."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_live(obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if isinstance(obj, Article) and obj.is_published:
            return may_publish(request.user)  # taking a page off the site is a publish decision
        return not is_live(obj)

    def delete_queryset(self, request, queryset):
        if self.model is Article:  # an article's working copy goes with it
            copies = Article.objects.filter(review__working_copy_of__in=list(queryset))
            super().delete_queryset(request, copies)
        super().delete_queryset(request, queryset)

    def get_deleted_objects(self, objs, request):
        """A reviewer deleting a published article deletes its rows too, though none of them
        may be deleted one by one (they are published)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if self.model is Article and may_publish(request.user):
            parts = [Issue, Scenario, SolutionStep]
            perms_needed -= {m._meta.verbose_name for m in parts if request.user.has_perm(
                f"kb.delete_{m._meta.model_name}")}  # fmt: skip
        return deleted, counts, perms_needed, protected

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["review_panel"] = panel(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def record_versions(self, request, obj, message=""):
        super().record_versions(request, obj, message)
        article = article_of(obj)
        if article is not None and review.edited(article.pk):
            messages.info(
                request,
                "This draft was waiting for review; the change takes it back to being edited. "
                "Submit it again when it is ready.",
            )


class LiveInlineMixin:
    """The rows listed on a published article's (or its issues', scenarios') page: read-only."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_live(obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not is_live(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_live(obj)


def live_parent_error(article) -> str | None:
    """Why new content cannot go under `article` from the admin (it is published)."""
    if article is not None and article.pk and is_live(article):
        return (
            f"“{article.title}” is published: add this in its working copy (open the article "
            "and click “Edit working copy”)."
        )
    return None


def review_state_label(article) -> str:
    found = getattr(article, "review", None) if _has_review(article) else None
    if found is None:
        return ""
    label = found.get_state_display()
    if found.state == ReviewState.SUBMITTED and found.publish_at:
        label += f", publishes {found.publish_at:%Y-%m-%d %H:%M}"
    return label


def _has_review(article) -> bool:
    try:
        return article.review is not None
    except Review.DoesNotExist:
        return False
