"""Turn uploaded bytes into text, or refuse them with a reason an editor can act on.

Encoding policy: UTF-8 (with or without a byte-order mark), UTF-16 when it carries a byte-order
mark (Windows Notepad's "Unicode"), otherwise Windows-1252 (what old help-centre exports and
Word's "plain text" save as) with a note asking the editor to check accented characters in the
preview. Anything with NUL bytes or many control characters is treated as binary and refused.
"""

import codecs

from kb import conf

from .errors import ImportFailed


# Signatures of files editors commonly pick by mistake, named so the error says what to do.
MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a Word document or other ZIP file",
    b"\xd0\xcf\x11\xe0": "an old Word (.doc) document",
    b"{\\rtf": "an RTF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}


def max_bytes() -> int:
    return int(conf.setting("KB_IMPORT_MAX_BYTES"))


def limit_text() -> str:
    limit = max_bytes()
    return f"{limit // 2**20} MB" if limit % 2**20 == 0 else f"{limit // 1024} KB"


def too_large_message(size: int) -> str:
    return (
        f"The file is {size / 2**20:.1f} MB; the import limit is {limit_text()}. "
        "Split it into one file per article."
    )


def check_size(size: int) -> None:
    if size > max_bytes():
        raise ImportFailed(too_large_message(size))


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes) -> tuple[str, list[str]]:
    """Return (text, notes). Raise ImportFailed for empty, binary or oversized input."""
    check_size(len(data))
    if not data.strip():
        raise ImportFailed("The file is empty.")
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            raise ImportFailed(f"This looks like {what}, not plain text. Save it as .txt first.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise ImportFailed(f"Broken UTF-16 text near byte {exc.start}.") from exc
    if b"\x00" in data:
        raise ImportFailed(
            f"This looks like a binary file (NUL byte at line {_line_of(data, data.index(0))}), "
            "not plain text."
        )
    controls = sum(1 for byte in data if byte < 32 and byte not in b"\t\n\r\f")
    if controls > max(8, len(data) // 100):
        raise ImportFailed("This looks like a binary file (many control characters), not text.")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"Line {_line_of(data, exc.start)}: the text is neither UTF-8 nor Windows-1252. "
            "Save it as UTF-8 and try again."
        ) from exc
    note = (
        f"The file is not UTF-8 (first bad byte on line {line}); it was read as Windows-1252. "
        "Check quotes and accented characters in the preview."
    )
    return text, [note]
