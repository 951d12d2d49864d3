"""Print how long the importer takes to parse the seeds and an article at the size limit.

KB_SEEDS_DIR=../shared/seeds .venv/bin/python bench/import_speed.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")

import django  # noqa: E402

django.setup()

from kb.importer import parse, read_article  # noqa: E402
from kb.importer.exporter import render  # noqa: E402
from kb.importer.reading import max_bytes  # noqa: E402

SEEDS = Path(os.environ.get("KB_SEEDS_DIR", Path(__file__).resolve().parents[2] / "shared/seeds"))


def timed(label, func, repeat):
    start = time.perf_counter()
    for _ in range(repeat):
        result = func()
    per_call = (time.perf_counter() - start) / repeat
    print(f"{label:<48} {per_call * 1000:9.2f} ms")
    return result


def main():
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds:
        data = path.read_bytes()
        timed(
            f"parse {path.name} ({len(data)} bytes)",
            lambda d=data, n=path.name: read_article(d, n),
            50,
        )
    block = (
        "Issue: Sync fails for record {n}\n\nPossible Solutions:\n"
        "  • In Practice Management, go to Admin > Legal Accounting > Sync {n}.\n"
        "    1. Click the ellipsis icon and choose Refresh credentials.\n"
        "    2. Toggle Allow separate numbering to on.\n"
        "  • Set these fields:\n    • Area of Law\n    • Default Tax Group\n\n"
    )
    text, n = "Synthetic Article\n\n", 0
    while len((text + block).encode()) < max_bytes():
        text, n = text + block.format(n=n), n + 1
    data = text.encode()
    article = timed(f"parse {len(data) // 1024} KB synthetic ({n} issues)",
                    lambda: read_article(data, "big.txt"), 3)  # fmt: skip
    markdown = timed("export the same to Markdown", lambda: render(article), 3)
    # The export is larger than its source (explicit slugs, menus, fields): parse it directly,
    # past the upload limit.
    timed(f"parse that Markdown back ({len(markdown) // 1024} KB)", lambda: parse(markdown), 3)


if __name__ == "__main__":
    main()
