"""Screenshots on solution steps, stored through Django's storage API (`default_storage`), so a
deployment can move them to object storage by setting STORAGES["default"].

A file is written once under a random name in `step-images/` and never rewritten: replacing an
image stores a new file, and a deleted image's file stays while a version still names it
(`kb_prune_images` removes the rest). Uploads are decoded and re-encoded first
(kb.content.images), so what is stored is a checked PNG, JPEG, GIF or WebP without metadata.
"""

import posixpath
import uuid

from django.db import models

from .content import Status

PREFIX = "step-images/"
#: The formats kept, by the extension a stored name ends with.
CONTENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}


def image_name(instance, filename: str) -> str:
    """A random name: never the uploader's file name (it may say more than the picture)."""
    extension = posixpath.splitext(filename)[1].lower().lstrip(".")
    extension = extension if extension in CONTENT_TYPES else "bin"
    return f"{PREFIX}{uuid.uuid4().hex}.{extension}"


class StepImageQuerySet(models.QuerySet):
    def public(self):
        """Images a visitor who is not staff may see: a current step of a current scenario of
        a published article."""
        return self.filter(
            step__archived_at__isnull=True,
            step__scenario__archived_at__isnull=True,
            step__scenario__issue__article__status=Status.PUBLISHED,
        )


class StepImage(models.Model):
    step = models.ForeignKey("kb.SolutionStep", on_delete=models.CASCADE, related_name="images")
    file = models.ImageField(
        upload_to=image_name,
        max_length=200,
        db_index=True,  # the /media/ view finds the row by its file name
        width_field="width",
        height_field="height",
        help_text="PNG, JPEG, GIF or WebP. Stored re-encoded, without metadata (EXIF, GPS).",
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    alt = models.CharField(
        "alt text",
        max_length=300,
        help_text="What the image shows, for people who cannot see it (read aloud by screen "
        "readers, shown when the image does not load).",
    )
    caption = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StepImageQuerySet.as_manager()

    class Meta:
        ordering = ["step", "order", "id"]
        verbose_name = "screenshot"

    def __str__(self):
        return self.alt[:80]

    @property
    def content_type(self) -> str:
        return content_type_of(self.file.name)


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(posixpath.splitext(name)[1].lower().lstrip("."), "")
