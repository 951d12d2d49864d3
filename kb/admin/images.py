"""Screenshots on a step, edited on the step's page: add, reorder, replace, remove, with a
thumbnail of each; the scenario page's step rows link there with a count.

The upload is checked and re-encoded by kb.content.images before anything is stored; a refused
file is a message on its row and the whole page is saved or nothing (the admin's transaction).
Removing a screenshot removes the row only: the file stays while a version names it.
"""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.html import format_html

from kb.content.images import clean_upload
from kb.models import StepImage

THUMBNAIL_WIDTH = 160


def media_url(image: StepImage) -> str:
    return reverse("kb:media", args=[image.file.name])


class StepImageForm(forms.ModelForm):
    # A plain file field: Django's ImageField would answer a refused file with its own vaguer
    # message before ours; the type is decided by decoding in clean_file().
    file = forms.FileField(
        label="Image",
        help_text="PNG, JPEG, GIF or WebP. Stored under a random name, without metadata "
        "(EXIF, GPS). Choosing a new file replaces the image.",
    )

    order = forms.IntegerField(
        required=False, min_value=0, help_text="Lower first; empty puts the image last."
    )

    class Meta:
        model = StepImage
        fields = ["file", "alt", "caption", "order"]

    def clean_order(self):
        order = self.cleaned_data.get("order")
        if order is not None:
            return order
        last = StepImage.objects.filter(step_id=self.instance.step_id).aggregate(n=Max("order"))
        return (last["n"] or 0) + 10

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # the stored file, unchanged
        cleaned = clean_upload(upload)
        self.instance.width, self.instance.height = cleaned.width, cleaned.height
        return cleaned.content


class StepImageInline(admin.StackedInline):
    model = StepImage
    form = StepImageForm
    extra = 0
    fields = ["thumbnail", "file", "alt", "caption", "order"]
    readonly_fields = ["thumbnail"]
    verbose_name = "screenshot"
    verbose_name_plural = "Screenshots"
    classes = ["kb-screenshots"]

    @admin.display(description="Preview")
    def thumbnail(self, obj):
        if not obj.pk or not obj.file:
            return "-"
        return format_html(
            # Width only: the browser keeps the proportions (no inline style: the CSP bars it).
            '<a href="{url}"><img src="{url}" alt="{alt}" width="{w}" loading="lazy"></a>'
            "<br>{width} × {height} px",
            url=media_url(obj), alt=obj.alt, w=THUMBNAIL_WIDTH, width=obj.width,
            height=obj.height,
        )  # fmt: skip


class ScreenshotCountMixin:
    """On the scenario page's step rows: "Screenshots (2)", a link to the step's own page."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_images=Count("images"))

    @admin.display(description="Screenshots")
    def screenshots(self, obj):
        if not obj.pk:
            return "save the step first"
        url = reverse("admin:kb_solutionstep_change", args=[obj.pk])
        count = getattr(obj, "n_images", None)
        count = obj.images.count() if count is None else count
        return format_html('<a href="{}#images-group">Screenshots ({})</a>', url, count)
