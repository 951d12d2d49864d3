"""Publishing: a working copy onto its published article, or a new draft by a status change.

A working copy is applied onto the published rows through the restore machinery, so each
scenario and step keeps its votes, outcomes and ticks; the published article records one
version (author: who submitted it, reviewer: who published it), the search index follows in
the same transaction's commit, and the clone is deleted.
"""

import logging

from django.db import transaction
from django.utils import timezone

from kb.models import (
    Article,
    ArticleVersion,
    Issue,
    Review,
    ReviewState,
    Scenario,
    SolutionStep,
    Status,
    VersionKind,
)

from . import versions, working_copy
from .baseline import record_baseline
from .restore import RestoreFailed, apply

log = logging.getLogger("kb.content")

STALE = (
    "The published article changed since this working copy was made (published version "
    "{base}, now {now}), for example by an import. Compare the working copy with the published "
    "article, then discard it and start a new one, or publish with “replace the changes made "
    "since” ticked."
)


class PublishRefused(Exception):
    """This draft cannot be published as it stands; the message says why."""


def publish(article: Article, *, user=None, replace_newer=False) -> ArticleVersion | None:
    """Publish a working copy or a draft; returns the published article's new version."""
    review = working_copy.review_of(article)
    if review is not None and review.is_working_copy:
        return _publish_working_copy(review, user, replace_newer)
    if article.is_published:
        raise PublishRefused(f"“{article.title}” is published already.")
    with transaction.atomic():
        row = Article.objects.select_for_update().get(pk=article.pk)
        versions.ensure_baseline(row.pk)
        set_status(row, Status.PUBLISHED, user)
        Review.objects.filter(article=row).delete()
        note = _note("Published", review)
        return versions.record(
            row, user=_author(review, user), kind=VersionKind.PUBLISH, message=note, reviewer=user
        )


def set_status(article: Article, status: str, user=None) -> None:
    """One save (not an update()) so the row history and the search index follow."""
    article.status = status
    article.published_at = timezone.now() if status == Status.PUBLISHED else None
    article._history_user = user
    article.save()


def _author(review, user):
    """Who wrote it: who submitted it, else who last edited it, else who publishes it."""
    if review is None:
        return user
    latest = review.article.versions.exclude(author=None).select_related("author").first()
    return review.submitted_by or (latest.author if latest else None) or user


def _note(what: str, review) -> str:
    """The version message: the editors' notes on their saves, and the note they submitted."""
    if review is None:
        return what
    notes = review.article.versions.filter(kind=VersionKind.EDIT).exclude(message="")
    said = list(dict.fromkeys(notes.order_by("number").values_list("message", flat=True)))
    said += [review.note] if review.note else []
    return f"{what}: {'; '.join(said)}" if said else what


def _publish_working_copy(review: Review, user, replace_newer: bool):
    with transaction.atomic():
        published = Article.objects.select_for_update().get(pk=review.working_copy_of_id)
        review = Review.objects.select_for_update().get(pk=review.pk)
        now = ArticleVersion.objects.latest_number(published.pk)
        if now != review.base_version and not replace_newer:
            raise PublishRefused(STALE.format(base=review.base_version, now=now))
        if not published.is_published:
            raise PublishRefused(
                f"“{published.title}” is no longer published: publish or discard its working "
                "copy after deciding whether it should be public again."
            )
        tree = working_copy.published_tree(review)
        author = _author(review, user)
        note = _note("Published working copy", review)
        versions.ensure_baseline(published.pk)
        _row_baselines(published)
        review.article.delete()  # frees the slugs and refs the published rows take back
        try:
            apply(published, tree)
        except RestoreFailed as exc:
            raise PublishRefused(str(exc)) from exc
        return versions.record(
            published, user=author, kind=VersionKind.PUBLISH, message=note, reviewer=user
        )


def _row_baselines(article) -> None:
    """Rows loaded by fixtures or imports have no row history yet: keep them as they stand,
    so each row's history shows what publishing changed."""
    record_baseline(Article.objects.filter(pk=article.pk))
    record_baseline(Issue.objects.filter(article=article))
    record_baseline(Scenario.objects.filter(issue__article=article))
    record_baseline(SolutionStep.objects.filter(scenario__issue__article=article))


def publish_due(now=None) -> tuple[list[str], list[str]]:
    """Publish every submitted draft whose scheduled time has come: (published, refused)."""
    now = now or timezone.now()
    done, refused = [], []
    for review in Review.objects.due(now).select_related("article", "scheduled_by"):
        title = review.article.title
        try:
            publish(review.article, user=review.scheduled_by)
        except PublishRefused as exc:
            Review.objects.filter(pk=review.pk).update(publish_at=None)
            refused.append(f"{title}: {exc}")
            log.warning("scheduled publish of %s refused: %s", title, exc)
        else:
            done.append(title)
    return done, refused


def waiting(queryset=None):
    """Drafts and working copies submitted for review."""
    reviews = Review.objects.filter(state=ReviewState.SUBMITTED)
    return (queryset or Article.objects.all()).filter(review__in=reviews)
