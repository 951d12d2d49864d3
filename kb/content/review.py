"""The review states of a draft or working copy: editing -> submitted -> published, or sent
back with a comment (shown to the editor until they submit again). Each call refuses an
action that does not fit the current state with a ReviewRefused whose message says why."""

from django.db import transaction
from django.utils import timezone

from kb.models import Article, Review, ReviewState


class ReviewRefused(Exception):
    """The action does not fit the draft's state; the message says why."""


def _review_for_update(article: Article) -> Review:
    if article.is_published:
        raise ReviewRefused(
            f"“{article.title}” is published: changes go through its working copy, which is "
            "what is submitted for review."
        )
    review, _ = Review.objects.get_or_create(article=article)
    return Review.objects.select_for_update().get(pk=review.pk)


def submit(article: Article, user, note: str = "") -> Review:
    with transaction.atomic():
        review = _review_for_update(article)
        if review.state == ReviewState.SUBMITTED:
            who = review.submitted_by or "someone"
            when = timezone.localtime(review.submitted_at).strftime("%Y-%m-%d %H:%M")
            raise ReviewRefused(f"Already submitted for review by {who} on {when}.")
        review.state = ReviewState.SUBMITTED
        review.submitted_by, review.submitted_at = user, timezone.now()
        review.note = (note or "").strip()[:500]
        review.save()
        return review


def send_back(article: Article, user, comment: str) -> Review:
    comment = (comment or "").strip()
    if not comment:
        raise ReviewRefused("Say what needs changing: sending back needs a comment.")
    with transaction.atomic():
        review = _review_for_update(article)
        if review.state != ReviewState.SUBMITTED:
            raise ReviewRefused("Only a draft waiting for review can be sent back.")
        review.state = ReviewState.SENT_BACK
        review.comment, review.commented_by, review.commented_at = comment, user, timezone.now()
        review.publish_at, review.scheduled_by = None, None
        review.save()
        return review


def schedule(article: Article, user, when) -> Review:
    """Approve for publishing at `when` (kb_publish_due publishes it then)."""
    if when <= timezone.now():
        raise ReviewRefused("Choose a time in the future, or publish now.")
    with transaction.atomic():
        review = _review_for_update(article)
        if review.state != ReviewState.SUBMITTED:
            raise ReviewRefused("Only a draft waiting for review can be scheduled.")
        review.publish_at, review.scheduled_by = when, user
        review.save()
        return review


def edited(article_id) -> bool:
    """A submitted draft changed: back to editing, unscheduled (a reviewer approved the text as
    it was). True when it was waiting for review."""
    return bool(
        Review.objects.filter(article_id=article_id, state=ReviewState.SUBMITTED).update(
            state=ReviewState.EDITING, publish_at=None, scheduled_by=None
        )
    )
