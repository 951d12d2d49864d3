"""What an SQLite FTS5 engine would give on the same content and queries (a measured prototype).

    DATABASE_URL=sqlite:///var/bench/fts.sqlite3 .venv/bin/python bench/fts5_proto.py

Builds an FTS5 table (porter stemming, one column per weighted field, bm25 with the same field
weights as the Whoosh schema) from the database's published scenarios, then runs the 500
generated queries twice (all words first, any word when fewer than 10 match) and the dev set.
No synonyms, typo correction or phrase bonus: it answers "how fast can the engine be", and the
dev figure is a floor for its quality, not a like-for-like ranking comparison.
"""

import argparse
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")

import django  # noqa: E402

django.setup()

from inproc import percentile, read_dev_set  # noqa: E402
from kb.models import Scenario, SolutionStep  # noqa: E402
from queries import make_queries  # noqa: E402

WEIGHTS = (3.0, 2.5, 1.0, 1.2, 1.2, 0.8)  # title, symptom, steps, menus, fieldnames, context
STOP = frozenset(
    "a an and are as at be by can for from have if in is it of on or the this to when will with "
    "you your i my how do does why not no cannot cant wont dont still please help error".split()
)


def documents():
    scenarios = Scenario.objects.published().with_content().order_by("id")
    for s in scenarios.iterator(chunk_size=1000):
        steps = list(s.steps.all())
        systems = s.effective_systems()
        yield (
            s.slug,
            s.title,
            s.symptom,
            "\n".join(step.text for step in steps),
            " . ".join(" ".join(SolutionStep.split_path(p)) for st in steps for p in st.menu_paths),
            " . ".join(f for st in steps for f in st.fields),
            " . ".join([s.issue.title, s.issue.article.title, *(x.name for x in systems)]),
        )


def build(path):
    started = time.perf_counter()
    rows = list(documents())
    read_s = time.perf_counter() - started
    db = sqlite3.connect(path)
    db.execute("DROP TABLE IF EXISTS docs")
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, symptom, steps, menus,"
        " fieldnames, context, tokenize='porter unicode61')"
    )
    started = time.perf_counter()
    with db:
        db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    return db, len(rows), read_s, time.perf_counter() - started


def words(text):
    return [w for w in re.findall(r"\w+", text.lower()) if w not in STOP][:12]


SQL = (
    "SELECT slug FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, %s) LIMIT ?"
    % ", ".join(str(w) for w in WEIGHTS)
)


def search(db, text, limit=10):
    terms = [f'"{w}"' for w in words(text)]
    if not terms:
        return []
    hits = db.execute(SQL, (" AND ".join(terms), limit)).fetchall()
    if len(hits) < limit and len(terms) > 1:
        seen = {h[0] for h in hits}
        more = db.execute(SQL, (" OR ".join(terms), limit)).fetchall()
        hits += [h for h in more if h[0] not in seen]
    return [h[0] for h in hits[:limit]]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", default=str(ROOT / "tests" / "data" / "dev_queries.tsv"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fts.db"
        db, count, read_s, build_s = build(str(path))
        size_mb = path.stat().st_size / 1e6
        queries = make_queries()
        runs = []
        for _ in range(2):
            times = []
            for query in queries:
                t0 = time.perf_counter()
                search(db, query)
                times.append((time.perf_counter() - t0) * 1000)
            runs.append([percentile(times, p) for p in (50, 95, 99)])
        rows = read_dev_set(args.dev)
        top1 = sum(1 for q, ok in rows if (got := search(db, q)) and got[0] == ok[0]) / len(rows)
    p50, p95, p99 = (statistics.median(r[i] for r in runs) for i in range(3))
    print(
        f"FTS5: {count} documents; read from the database {read_s:.1f} s, FTS5 build "
        f"{build_s:.1f} s, {size_mb:.1f} MB; search p50 {p50:.2f} / p95 {p95:.2f} / "
        f"p99 {p99:.2f} ms (median of 2 x 500 queries); dev top1 {top1:.3f} "
        f"(plain bm25, no synonyms or typo correction)"
    )


if __name__ == "__main__":
    main()
