"""Checking an uploaded screenshot and making the file that is stored.

The real type is read by decoding the image with Pillow, never from the file name or the
Content-Type a browser claims: only PNG, JPEG, GIF and WebP are kept (SVG can carry scripts,
so it is refused like any other format). The upload's size and the decoded pixel count are
capped (KB_IMAGE_MAX_BYTES, KB_IMAGE_MAX_PIXELS: a small file can decode to a huge image).
The picture is then re-encoded from its pixels, which drops EXIF (GPS positions, camera,
author), comments and any bytes appended after the image; a photo is turned upright first.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

from kb import conf

#: Pillow's format name -> the extension stored (kb.models.images.CONTENT_TYPES).
FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
MAX_FRAMES = 300  # an animated GIF or WebP; each frame is decoded when it is re-encoded
REFUSED_TYPE = (
    "This file is not a PNG, JPEG, GIF or WebP image{found}. Save the screenshot in one of "
    "those formats and upload it again."
)


@dataclass
class CleanImage:
    content: ContentFile  # the re-encoded image, named "upload.<ext>"
    width: int
    height: int
    extension: str


def clean_upload(upload) -> CleanImage:
    """The stored form of an uploaded file, or ValidationError saying why it is refused."""
    limit = int(conf.setting("KB_IMAGE_MAX_BYTES"))
    size = getattr(upload, "size", None)
    if size is None or size > limit:
        raise ValidationError(
            f"The file is {filesizeformat(size or 0)}; screenshots can be at most "
            f"{filesizeformat(limit)}. Crop it or save it as JPEG or WebP.",
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"The file is over {filesizeformat(limit)}.", code="too_large")
    return reencode(data)


def reencode(data: bytes) -> CleanImage:
    with warnings.catch_warnings():
        # Pillow only warns about a decompression bomb below twice its own limit.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                extension = _checked(image)
                out, width, height = _encode(image, extension)
        except ValidationError:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _too_many_pixels() from None
        except UnidentifiedImageError:
            raise ValidationError(REFUSED_TYPE.format(found=""), code="type") from None
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise ValidationError(
                f"The image could not be read (damaged or cut short): {exc}", code="broken"
            ) from None
    return CleanImage(ContentFile(out, name=f"upload.{extension}"), width, height, extension)


def _too_many_pixels() -> ValidationError:
    limit = int(conf.setting("KB_IMAGE_MAX_PIXELS"))
    return ValidationError(
        f"The image is too large in pixels (at most {limit / 1e6:g} million); scale it down.",
        code="pixels",
    )


def _checked(image: Image.Image) -> str:
    extension = FORMATS.get(image.format or "")
    if extension is None:
        found = f" (it is {image.format})" if image.format else ""
        raise ValidationError(REFUSED_TYPE.format(found=found), code="type")
    frames = getattr(image, "n_frames", 1)
    if image.width * image.height > int(conf.setting("KB_IMAGE_MAX_PIXELS")):
        raise _too_many_pixels()
    if frames > MAX_FRAMES:
        raise ValidationError(
            f"The animation has {frames} frames (at most {MAX_FRAMES}).", code="frames"
        )
    return extension


def _encode(image: Image.Image, extension: str) -> tuple[bytes, int, int]:
    """The pixels written again with no metadata: EXIF, XMP, comments and text chunks are
    not carried over (an ICC colour profile is, so colours stay right)."""
    out = io.BytesIO()
    icc = image.info.get("icc_profile")
    if getattr(image, "n_frames", 1) > 1:
        frames = [frame.copy() for frame in _frames(image)]
        for frame in frames:
            frame.info = {}
        options = {"duration": image.info.get("duration", 100), "loop": image.info.get("loop", 0)}
        frames[0].save(out, format=image.format, save_all=True, append_images=frames[1:],
                       **options)  # fmt: skip
        return out.getvalue(), image.width, image.height
    image.load()
    clean = ImageOps.exif_transpose(image) if extension == "jpg" else image.copy()
    clean.info = {}
    options = {"icc_profile": icc} if icc else {}
    if extension == "jpg":
        clean = clean if clean.mode in ("RGB", "L", "CMYK") else clean.convert("RGB")
        clean.save(out, format="JPEG", quality=90, optimize=True, **options)
    elif extension == "png":
        clean.save(out, format="PNG", optimize=True, **options)
    elif extension == "webp":
        clean.save(out, format="WEBP", lossless=True, **options)
    else:
        clean.save(out, format="GIF")
    return out.getvalue(), clean.width, clean.height


def _frames(image: Image.Image):
    for index in range(image.n_frames):
        image.seek(index)
        yield image
