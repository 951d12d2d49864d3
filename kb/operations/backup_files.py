"""The screenshot files of a backup: a zip beside the JSON (`kb-backup.json` ->
`kb-backup.images.zip`), holding every file a screenshot row or an article version names,
byte for byte, under its stored name; `kb_restore` puts them back through the storage API.

The zip is written (atomically, readable by its owner only) before the JSON. Files are never
rewritten under their name and only `kb_prune_images` deletes one that no version names, so
if the JSON then fails, the previous JSON finds all of its files in the new zip. With no
screenshots no zip is written (and a stale one is removed).
"""

import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kb.content.step_images import named_files
from kb.models.images import PREFIX
from kb.operations.atomic_files import replacing


class MissingFile(Exception):
    """A file the backup should hold is not in storage."""


def images_path(backup: Path) -> Path:
    backup = Path(backup)
    return backup.with_name(backup.name.removesuffix(".json") + ".images.zip")


def write_images(backup: Path) -> int:
    """Write the zip of every named file that storage holds; the number of files."""
    names = sorted(name for name in named_files() if default_storage.exists(name))
    path = images_path(backup)
    if not names:
        path.unlink(missing_ok=True)
        return 0
    with replacing(path, binary=True) as stream, zipfile.ZipFile(stream, "w") as archive:
        for name in names:
            with default_storage.open(name, "rb") as source:
                # Stored, not deflated: PNG, JPEG, GIF and WebP are compressed already.
                archive.writestr(name, source.read(), compress_type=zipfile.ZIP_STORED)
    return len(names)


def restore_images(backup: Path) -> int:
    """Put the zip's files back under their own names; the number of files (0: no zip)."""
    path = images_path(backup)
    if not path.exists():
        return 0
    count = 0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.startswith(PREFIX) or ".." in name.split("/") or name.endswith("/"):
                continue  # only screenshots, never a path outside their folder
            data = archive.read(name)
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as current:
                    if current.read() == data:
                        count += 1
                        continue
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(data))
            if saved != name:
                raise MissingFile(f"{name} was stored as {saved}")
            count += 1
    return count
