"""An uploaded screenshot is judged by decoding it, never by its name or claimed type; what is
stored is re-encoded without metadata, under a random name; a refused file is a message on the
form and nothing of the save is kept."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from kb.models import StepImage
from tests.admin.support import errors_of
from tests.images.support import (
    GPS_IFD,
    MAKE,
    add_screenshot,
    first_step,
    image_bytes,
    post_step,
    upload,
    with_exif,
)

pytestmark = pytest.mark.django_db


def refused(client, data, name="screenshot.png", content_type="image/png"):
    step = first_step()
    original = step.text

    def edit(form):
        form[next(k for k in form if k == "text")] = "Changed in the same save"

    response = post_step(client, step, files={"file": upload(data, name, content_type)},
                         alt="A picture", edit=edit)  # fmt: skip
    assert response.status_code == 200  # the form again, with the reason: never a 500
    step.refresh_from_db()
    assert step.text == original  # nothing half-saved: the step's own change is not kept either
    assert not StepImage.objects.exists()
    return errors_of(response)


def test_html_named_png_is_refused_as_not_an_image(editor_client, content):
    html = b"<html><body><script>alert(document.cookie)</script></body></html>"
    assert "not a PNG, JPEG, GIF or WebP image" in refused(editor_client, html)


def test_svg_is_refused_with_a_clear_message(editor_client, content):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
    message = refused(editor_client, svg, "diagram.svg", "image/svg+xml")
    assert "not a PNG, JPEG, GIF or WebP image" in message


def test_other_real_image_formats_are_refused(editor_client, content):
    assert "not a PNG, JPEG" in refused(editor_client, image_bytes("BMP"), "shot.png")


def test_oversize_file_is_refused(editor_client, content, settings):
    settings.KB_IMAGE_MAX_BYTES = 2000
    noisy = Image.effect_noise((200, 200), 80).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "PNG")
    assert len(out.getvalue()) > 2000
    assert "at most 2.0\xa0KB" in refused(editor_client, out.getvalue())


def test_decompression_bomb_is_refused(editor_client, content):
    # 40,000 x 40,000 pixels of one colour: a few hundred KB of PNG, 1.6 billion pixels.
    out = io.BytesIO()
    Image.new("1", (40_000, 40_000)).save(out, "PNG")
    assert len(out.getvalue()) < 1024 * 1024
    assert "too large in pixels" in refused(editor_client, out.getvalue())


def test_pixel_cap_is_a_setting(editor_client, content, settings):
    settings.KB_IMAGE_MAX_PIXELS = 100 * 100
    assert "too large in pixels" in refused(editor_client, image_bytes(size=(101, 100)))


def test_truncated_image_is_refused(editor_client, content):
    assert "could not be read" in refused(editor_client, image_bytes(size=(300, 300))[:80])


def test_alt_text_is_required(editor_client, content):
    step = first_step()
    response = post_step(editor_client, step, files={"file": upload(image_bytes())}, alt="")
    assert response.status_code == 200
    assert "This field is required" in errors_of(response)
    assert not StepImage.objects.exists()


def test_gif_is_accepted_and_stays_animated(editor_client, content):
    frames = [Image.new("RGB", (30, 20), c) for c in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=80, loop=0)
    image = add_screenshot(editor_client, first_step(), out.getvalue())
    assert image.file.name.endswith(".gif") and (image.width, image.height) == (30, 20)
    with default_storage.open(image.file.name) as stored:
        assert Image.open(stored).n_frames == 3


@pytest.mark.parametrize("fmt,ext", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_exif_and_gps_are_stripped(editor_client, content, fmt, ext):
    original = with_exif(fmt)
    assert b"SecretCam" in original
    image = add_screenshot(editor_client, first_step(), original)
    stored = default_storage.open(image.file.name).read()
    assert b"SecretCam" not in stored
    decoded = Image.open(io.BytesIO(stored))
    assert decoded.format == fmt
    exif = decoded.getexif()
    assert MAKE not in exif and GPS_IFD not in exif


def test_stored_under_a_random_name_never_the_uploaders(editor_client, content):
    step = first_step()
    named = upload(image_bytes(), "client-smith-matter-1234.png")
    response = post_step(editor_client, step, alt="Settings page", files={"file": named})
    assert response.status_code == 302, errors_of(response)
    name = step.images.get().file.name
    assert name.startswith("step-images/") and "smith" not in name
    assert len(name.removeprefix("step-images/").removesuffix(".png")) == 32


def test_size_is_stored_for_the_page_to_reserve_space(editor_client, content):
    image = add_screenshot(editor_client, first_step(), image_bytes(size=(640, 360)))
    assert (image.width, image.height) == (640, 360)


def test_a_jpeg_named_png_is_stored_as_what_it_is(editor_client, content):
    image = add_screenshot(editor_client, first_step(), image_bytes("JPEG"))
    assert image.file.name.endswith(".jpg") and image.content_type == "image/jpeg"
