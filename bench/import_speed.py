"""Print how long the importer takes to parse the seeds and an article at the size limit.

    .venv/bin/python bench/import_speed.py [--seeds-dir ../shared/seeds]   # or KB_SEEDS_DIR
"""

import argparse
import os
import time
from pathlib import Path

from support import ROOT, setup_django

SEEDS = os.environ.get("KB_SEEDS_DIR", str(ROOT.parent / "shared" / "seeds"))


def timed(label, func, repeat):
    start = time.perf_counter()
    for _ in range(repeat):
        result = func()
    per_call = (time.perf_counter() - start) / repeat
    print(f"{label:<48} {per_call * 1000:9.2f} ms")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds-dir", default=SEEDS, help="the seed articles (*.txt)")
    args = parser.parse_args()
    setup_django()
    from kb.importer import parse, read_article
    from kb.importer.exporter import render
    from kb.importer.reading import max_bytes

    seeds = sorted(Path(args.seeds_dir).glob("*.txt"))
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
