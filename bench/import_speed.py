"""Print how long the importer takes to parse the seeds and an article at the size limit, and
to save an article of 3,000 scenarios (about 296 KB, inside the 1 MB limit) to a throwaway
database with the search index on, as the admin import page and kb_import do.

    .venv/bin/python bench/import_speed.py [--seeds-dir ../shared/seeds]   # or KB_SEEDS_DIR
    .venv/bin/python bench/import_speed.py --save-only                    # the database figures
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/kb \
        .venv/bin/python bench/import_speed.py --save-only
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

from support import ROOT, seeded_database, setup_django

SEEDS = os.environ.get("KB_SEEDS_DIR", str(ROOT.parent / "shared" / "seeds"))


def timed(label, func, repeat):
    start = time.perf_counter()
    for _ in range(repeat):
        result = func()
    per_call = (time.perf_counter() - start) / repeat
    print(f"{label:<48} {per_call * 1000:9.2f} ms")
    return result


def many_scenarios(count: int, edit: str = "") -> bytes:
    """An article with `count` one-step scenarios (an issue each)."""
    lines = ["Synthetic Sync Article", ""]
    for n in range(count):
        lines += [f"Issue: Sync fails for record {n}", "Possible Solutions:",
                  f"  • Go to Admin > Sync {n} and click Retry{edit}.", ""]  # fmt: skip
    return "\n".join(lines).encode()


def save_figures(count: int = 3000):
    """Time saving `count` scenarios: a new article, the same file again, then every step
    edited, each in its own transaction with the index brought up to date after commit."""
    from django.conf import settings

    settings.KB_INDEX_DIR = Path(tempfile.mkdtemp(prefix="kb-bench-index-"))
    with seeded_database(index=True) as connection:
        from kb import search
        from kb.importer import read_article
        from kb.importer.writer import save
        from kb.models import Scenario
        from kb.search import signals

        catch_up = signals.apply_pending
        index_seconds = []

        def timed_catch_up():  # the index update run after the commit, timed on its own
            start = time.perf_counter()
            catch_up()
            index_seconds.append(time.perf_counter() - start)

        signals.apply_pending = timed_catch_up
        for label, data in (
            ("new article", many_scenarios(count)),
            ("same file again", many_scenarios(count)),
            ("every step edited", many_scenarios(count, edit=" twice")),
        ):
            article = read_article(data, "many.txt")
            index_seconds.clear()
            start = time.perf_counter()
            save(article, publish=True)
            elapsed = time.perf_counter() - start
            print(f"save {count} scenarios ({len(data) // 1024} KB), {label}, "
                  f"{connection.vendor}: {elapsed:6.2f} s "
                  f"(index update after commit {sum(index_seconds):.2f} s)")  # fmt: skip
        found = search.search("sync fails for record 2999").results
        assert found and found[0].slug == "sync-fails-for-record-2999", "not searchable after"
        assert (
            Scenario.objects.filter(issue__article__slug="synthetic-sync-article").count() == count
        )


def parse_figures(seeds_dir):
    from kb.importer import parse, read_article
    from kb.importer.exporter import render
    from kb.importer.reading import max_bytes

    for path in sorted(Path(seeds_dir).glob("*.txt")):
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds-dir", default=SEEDS, help="the seed articles (*.txt)")
    parser.add_argument("--save-only", action="store_true", help="only the database figures")
    args = parser.parse_args()
    setup_django()
    if not args.save_only:
        parse_figures(args.seeds_dir)
    save_figures()


if __name__ == "__main__":
    main()
