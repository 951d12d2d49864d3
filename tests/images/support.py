"""Making test images and uploading them through the step's admin page, as an editor does."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kb.models import Scenario, SolutionStep
from tests.admin.support import add_inline_row, change_form_data, errors_of

SLUG = "contact-not-synced-pm"
GPS_IFD = 0x8825
MAKE = 0x010F


def image_bytes(fmt="PNG", size=(120, 80), color="navy", **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt, **options)
    return out.getvalue()


def with_exif(fmt="JPEG") -> bytes:
    exif = Image.Exif()
    exif[MAKE] = "SecretCam"
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 0.0)}
    return image_bytes(fmt, exif=exif.tobytes())


def upload(data: bytes, name="screenshot.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def first_step(slug=SLUG) -> SolutionStep:
    return SolutionStep.objects.filter(scenario=Scenario.objects.get(slug=slug)).order_by(
        "order", "pk"
    )[0]


def step_url(step) -> str:
    return f"/admin/kb/solutionstep/{step.pk}/change/"


def post_step(client, step, *, files=None, edit=None, **row):
    """Save the step's admin page with one new screenshot row (`row`: alt, caption, order)
    and `files` ({"file": upload}); `edit` changes the page's data first. The response."""
    data = change_form_data(client.get(step_url(step)))
    # A browser sends no file for a row whose image stays (the test client would upload the
    # stored file's bytes again).
    data = {key: value for key, value in data.items() if not key.endswith("-file")}
    if edit:
        edit(data)
    if row or files:
        prefix = add_inline_row(data, "images", **row)
        for name, value in (files or {}).items():
            data[f"{prefix}-{name}"] = value
    return client.post(step_url(step), data)


def add_screenshot(client, step, data=None, alt="The Sync button, top right", **row):
    response = post_step(client, step, files={"file": upload(data or image_bytes())}, alt=alt,
                         **row)  # fmt: skip
    assert response.status_code == 302, errors_of(response)
    return step.images.order_by("-pk").first()
