"""Recording whole-article versions: one per admin save, import or restore.

A save that changes nothing records nothing. Content loaded by fixtures has no version, so the
first edit first records the article as it stood ("baseline"), which can then be restored.
"""

from django.db import transaction

from kb.models import Article, ArticleVersion, VersionKind

from . import snapshot

BASELINE_MESSAGE = "Version before the first edit in the admin"


def lock(article_id) -> None:
    """Serialise version numbers (and conflict checks) per article until the commit."""
    list(Article.objects.select_for_update().filter(pk=article_id).values_list("pk"))


def record(article, *, user=None, kind=VersionKind.EDIT, message="", tree=None, reviewer=None):
    """A new version of `article` as the database holds it now; None when nothing changed
    since the latest version."""
    article_id = getattr(article, "pk", article)
    with transaction.atomic():
        lock(article_id)
        tree = tree if tree is not None else snapshot.take(article_id)
        latest = ArticleVersion.objects.filter(article_id=article_id).order_by("-number").first()
        if latest is not None and latest.snapshot == tree:
            return None
        return ArticleVersion.objects.create(
            article_id=article_id,
            number=(latest.number if latest else 0) + 1,
            kind=kind,
            author=user if getattr(user, "pk", None) else None,
            reviewer=reviewer if getattr(reviewer, "pk", None) else None,
            message=message[:300],
            snapshot=tree,
        )


def ensure_baseline(article) -> None:
    """Before the first recorded change of an article with no version, keep it as it stands."""
    article_id = getattr(article, "pk", article)
    if article_id and not ArticleVersion.objects.filter(article_id=article_id).exists():
        record(article_id, kind=VersionKind.BASELINE, message=BASELINE_MESSAGE)


def opened(article_id, number: int) -> dict | None:
    """The snapshot an editor opened a form at: version `number`, or (0) the baseline recorded
    since, which holds the article as it was before any recorded edit."""
    versions = ArticleVersion.objects.filter(article_id=article_id)
    if number:
        found = versions.filter(number=number).first()
    else:
        found = versions.filter(kind=VersionKind.BASELINE).order_by("number").first()
    return found.snapshot if found else None
