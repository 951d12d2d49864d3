"""A file replaced whole or not at all: written under a temporary name beside it, readable by
its owner only from the moment it exists, synced to disk, then renamed over the old one.
"""

import glob
import os
import re
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

# Temporary files are named after the file and the process writing them, so a later run can
# tell the leftovers of a killed run from a file being written right now.
_PARTIAL = ".partial"


@contextmanager
def replacing(path: Path, *, binary: bool = False):
    """A text (or `binary`) stream on a new file, readable by its owner only, that replaces
    `path` when the block ends without error; on any error `path` is left as it was and the new
    file removed.
    """
    path = Path(path).absolute()
    folder = path.parent
    remove_leftovers(path)
    # mkstemp creates the file with mode 0600 (whatever the umask): no moment where another
    # user could open it.
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=_PARTIAL,
                                dir=folder)
    try:
        with open(fd, "wb") if binary else open(fd, "w", encoding="utf-8") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _fsync_directory(folder)  # the rename itself survives a power cut


def remove_leftovers(path: Path) -> list[Path]:
    """Remove the temporary files of runs for `path` that were killed before they could clean
    up (their process is gone); a run still writing keeps its file."""
    path = Path(path)
    name = re.compile(rf"\.{re.escape(path.name)}\.(\d+)\.[a-z0-9_]+{re.escape(_PARTIAL)}")
    removed = []
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*{_PARTIAL}"):
        match = name.fullmatch(leftover.name)
        if match is None or _running(int(match[1])):
            continue
        with suppress(FileNotFoundError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _fsync_directory(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
