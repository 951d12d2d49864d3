"""The article admin's review pages: open the working copy, preview it, compare it with the
published article, submit it, publish it (now or at a chosen time), send it back; and restore
a published article's version into its working copy. Every action is a POST (CSRF-checked),
checks its permission, and answers a refusal with a message on the page, never an error."""

from datetime import datetime

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from kb.content import diff, publishing, review, snapshot, versions, working_copy
from kb.content.restore import RestoreFailed
from kb.models import Article, Issue, Scenario, SolutionStep, VersionKind

from . import preview

TARGETS = {"article": Article, "issue": Issue, "scenario": Scenario, "solutionstep": SolutionStep}


def see_other(url):
    response = redirect(url)
    response.status_code = 303
    return response


def change_url(obj) -> str:
    return reverse(f"admin:kb_{obj._meta.model_name}_change", args=[obj.pk])


def _target(raw: str):
    """The published object named by "scenario-12" (the page "Edit working copy" was on)."""
    kind, _, pk = (raw or "").partition("-")
    model = TARGETS.get(kind)
    if model is None or not pk.isdigit():
        return None
    return model._base_manager.filter(pk=int(pk)).first()


def _when(raw: str):
    """A datetime-local value ("2026-12-08T09:30") in the site's time zone, or None."""
    try:
        return timezone.make_aware(datetime.fromisoformat(raw)) if raw else None
    except ValueError:
        return False


class ArticleReviewMixin:
    def get_urls(self):
        def view(func, name, route):
            return path(f"<path:object_id>/{route}", self.admin_site.admin_view(func), name=name)

        return [
            view(self.working_copy_view, "kb_article_working_copy", "working-copy/"),
            view(self.preview_view, "kb_article_preview", "preview/"),
            view(self.preview_scenario_view, "kb_article_preview_scenario", "preview/<int:pk>/"),
            view(self.compare_published_view, "kb_article_compare_published", "compare-published/"),
            view(self.submit_view, "kb_article_submit", "submit/"),
            view(self.publish_view, "kb_article_publish", "publish/"),
            view(self.send_back_view, "kb_article_send_back", "send-back/"),
            *super().get_urls(),
        ]

    def review_article(self, request, object_id, permission="kb.change_article") -> Article:
        try:
            article = get_object_or_404(Article, pk=int(unquote(object_id)))
        except ValueError:
            raise Http404("No such article.") from None
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return article

    def working_review(self, request, object_id):
        article = self.review_article(request, object_id, "kb.view_article")
        found = working_copy.review_of(article)
        if found is None or not found.is_working_copy:
            raise Http404("This article is not a working copy.")
        return found

    def working_copy_view(self, request, object_id):
        return require_POST(self._working_copy)(request, object_id)

    def _working_copy(self, request, object_id):
        article = self.review_article(request, object_id)
        if not article.is_published:
            return see_other(change_url(article))
        existed = working_copy.of(article) is not None
        clone = working_copy.open_for(article, user=request.user)
        if not existed:
            messages.success(request, "Working copy made: edit it here; the public page stays "
                             "as it is until the working copy is published.")  # fmt: skip
        target = _target(request.POST.get("target", ""))
        found = working_copy.counterpart(target, clone) if target is not None else None
        return see_other(change_url(found or clone))

    def preview_view(self, request, object_id):
        return require_GET(preview.article_page)(request, self.working_review(request, object_id))

    def preview_scenario_view(self, request, object_id, pk):
        found = self.working_review(request, object_id)
        return require_GET(preview.scenario_page)(request, found, pk)

    def compare_published_view(self, request, object_id):
        found = self.working_review(request, object_id)
        published = found.working_copy_of
        result = diff.compare(snapshot.take(published.pk), working_copy.published_tree(found))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "article": found.article,
            "published": published,
            "title": f"Working copy of “{published.title}” compared with the published article",
            "result": result,
        }
        return TemplateResponse(request, "admin/kb/review/compare.html", context)

    def submit_view(self, request, object_id):
        return require_POST(self._submit)(request, object_id)

    def _submit(self, request, object_id):
        article = self.review_article(request, object_id)
        try:
            review.submit(article, request.user, request.POST.get("note", ""))
        except review.ReviewRefused as exc:
            messages.error(request, f"Not submitted: {exc}")
        else:
            messages.success(request, "Submitted for review: a reviewer will publish it or "
                             "send it back with a comment.")  # fmt: skip
        return see_other(change_url(article))

    def send_back_view(self, request, object_id):
        return require_POST(self._send_back)(request, object_id)

    def _send_back(self, request, object_id):
        article = self.review_article(request, object_id, "kb.publish_article")
        try:
            review.send_back(article, request.user, request.POST.get("comment", ""))
        except review.ReviewRefused as exc:
            messages.error(request, f"Not sent back: {exc}")
        else:
            messages.success(request, "Sent back to the editor with your comment.")
        return see_other(change_url(article))

    def publish_view(self, request, object_id):
        return require_POST(self._publish)(request, object_id)

    def _publish(self, request, object_id):
        article = self.review_article(request, object_id, "kb.publish_article")
        if request.POST.get("schedule"):
            when = _when(request.POST.get("publish_at", "").strip())
            if not when:
                messages.error(request, "Not scheduled: choose the date and time to publish at.")
                return see_other(change_url(article))
            return self._schedule(request, article, when)
        published_id = getattr(working_copy.published_of(article), "pk", article.pk)
        try:
            version = publishing.publish(
                article, user=request.user, replace_newer=bool(request.POST.get("replace_newer"))
            )
        except publishing.PublishRefused as exc:
            messages.error(request, f"Not published: {exc}")
            return see_other(change_url(article))
        done = "Published" + (f" as version {version.number}." if version else ".")
        messages.success(request, done)
        return see_other(reverse("admin:kb_article_change", args=[published_id]))

    def _schedule(self, request, article, when):
        try:
            review.schedule(article, request.user, when)
        except review.ReviewRefused as exc:
            messages.error(request, f"Not scheduled: {exc}")
        else:
            local = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
            messages.success(request, f"Scheduled: kb_publish_due publishes it at {local}.")
        return see_other(change_url(article))

    def restore_into_working_copy(self, request, article, version):
        """A published article's version goes into its working copy: public unchanged."""
        clone = working_copy.open_for(article, user=request.user)
        found = working_copy.review_of(clone)
        try:
            with transaction.atomic():
                versions.lock(clone.pk)
                working_copy.fill(found, version.snapshot)
                note = f"Restored published version {version.number}"
                versions.record(clone, user=request.user, kind=VersionKind.RESTORE, message=note)
                review.edited(clone.pk)
        except RestoreFailed as exc:
            messages.error(request, f"Version {version.number} was not restored: {exc}")
        else:
            messages.success(request, f"Version {version.number} was restored into the working "
                             "copy; the public page changes when it is published.")  # fmt: skip
        return see_other(change_url(clone))
