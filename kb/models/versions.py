"""Whole-article versions: one row per save, import or restore, holding the article's tree.

A version is a JSON snapshot (kb.content.snapshot) of the article, its issues, scenarios, steps
and systems, so a history page can compare any two and a restore can bring the whole tree back.
"""

from django.conf import settings
from django.db import models


class VersionKind(models.TextChoices):
    BASELINE = "baseline", "Before the first edit"
    EDIT = "edit", "Edit"
    IMPORT = "import", "Import"
    RESTORE = "restore", "Restore"
    PUBLISH = "publish", "Published working copy"


class ArticleVersionQuerySet(models.QuerySet):
    def latest_number(self, article_id) -> int:
        """The article's newest version number, 0 when it has none."""
        found = self.filter(article_id=article_id).aggregate(n=models.Max("number"))["n"]
        return found or 0


class ArticleVersion(models.Model):
    article = models.ForeignKey("kb.Article", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=VersionKind.choices, default=VersionKind.EDIT)
    created_at = models.DateTimeField(auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.CharField(max_length=300, blank=True)
    snapshot = models.JSONField()

    objects = ArticleVersionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="one_version_number")
        ]

    def __str__(self):
        return f"{self.article_id} v{self.number}"
