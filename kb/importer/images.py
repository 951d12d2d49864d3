"""Screenshots in the Markdown export and import: an "Images:" list under the step, one
`![alt](/media/step-images/<name> "caption")` per image, as the public page serves it.

Reading one back only ever refers to a file already stored on this site: an address on another
site, or a stored name that does not exist, is refused with its line (never fetched). Whether a
step that lists no images loses them: in a kb_export file (exact mode) yes, the export lists
every image; in a hand-written file no, it says nothing about images.
"""

import re

from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from kb.content import step_images
from kb.models import StepImage
from kb.models.images import PREFIX, content_type_of

from .errors import ImportFailed

IMAGE = re.compile(r'^!\[((?:[^\]\\]|\\.)*)\]\((\S+?)(?:\s+"((?:[^"\\]|\\.)*)")?\)$')
ESCAPED = re.compile(r"\\(.)")


def url_of(name: str) -> str:
    return reverse("kb:media", args=[name])


def render_item(image) -> str:
    alt = re.sub(r"([\\\[\]])", r"\\\1", image.alt)
    caption = re.sub(r'([\\"])', r"\\\1", image.caption)
    title = f' "{caption}"' if caption else ""
    return f"![{alt}]({url_of(image.file.name)}{title})"


def parse_item(text: str, line: int | None) -> dict:
    """`![alt](url "caption")` as {"file", "alt", "caption", "line"}; ImportFailed otherwise."""
    match = IMAGE.match(text.strip())
    if not match:
        raise ImportFailed(f'An image is written ![alt text](address "caption"), not {text!r}.',
                           line)  # fmt: skip
    alt, url, caption = (ESCAPED.sub(r"\1", part or "") for part in match.groups())
    base = url_of(PREFIX + "x").removesuffix("x")
    if not url.startswith(base) or not content_type_of(url):
        raise ImportFailed(
            f"The image {url!r} is not a screenshot stored on this site. Images are never "
            "fetched from elsewhere: upload it on the step's page in the admin.",
            line,
        )
    if not alt.strip():
        raise ImportFailed(f"The image {url!r} has no alt text (what it shows, in words).", line)
    if len(alt) > 300 or len(caption) > 300:
        raise ImportFailed(f"The image {url!r}: alt text and caption hold 300 characters.", line)
    name = PREFIX + url.removeprefix(base)
    if ".." in name.split("/"):
        raise ImportFailed(f"The image {url!r} is not a screenshot address.", line)
    return {"file": name, "alt": alt, "caption": caption, "line": line}


def check(steps) -> None:
    """Every image the file lists is stored here (one question to storage per file)."""
    for step in steps:
        for image in step.images or []:
            if not default_storage.exists(image["file"]):
                raise ImportFailed(
                    f"The image {url_of(image['file'])!r} is not stored on this site (removed, "
                    "or exported from another one). Upload it on the step's page instead.",
                    image.get("line"),
                )


def save(wanted: dict[int, list[dict]]) -> int:
    """Bring each step (id -> its images from the file) in line; the rows changed."""
    names = {image["file"] for images in wanted.values() for image in images}
    sizes = dict(
        (row["file"], (row["width"], row["height"]))
        for row in StepImage.objects.filter(file__in=names).values("file", "width", "height")
    )
    changes = 0
    for step_id, images in wanted.items():
        rows = []
        for order, image in enumerate(images, 1):
            width, height = sizes.get(image["file"]) or _size(image["file"])
            rows.append({**image, "order": order * 10, "width": width, "height": height})
        changes += step_images.sync(step_id, rows)
    return changes


def _size(name: str) -> tuple[int, int]:
    with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
        return image.size
