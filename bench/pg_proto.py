"""What PostgreSQL full-text search would give on the same content and queries (a prototype).

    DATABASE_URL=sqlite:///var/fts/db.sqlite3 .venv/bin/python bench/pg_proto.py \
        --pg postgresql://postgres@127.0.0.1:5432/h_perf [--limit 10014]

Reads published scenarios through Django (any database), writes them into a table of its own
(`bench_fts_docs`, dropped first) in the --pg database with one weighted tsvector (title A,
symptom B, steps/menus/fields C, context D) and a GIN index, then runs the 500 generated
queries twice (all words first, any word when fewer than 10 match; ts_rank_cd) and the dev
set. Like fts5_proto.py: no synonyms or typo correction, so the dev figure is a floor.
"""

import argparse
import statistics
import time

import psycopg
from fts5_proto import ROOT, documents, words
from inproc import percentile, read_dev_set
from queries import make_queries

VECTOR = """
    setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(symptom, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(steps, '') || ' ' || coalesce(menus, '') || ' ' ||
              coalesce(fieldnames, '')), 'C') ||
    setweight(to_tsvector('english', coalesce(context, '')), 'D')
"""
SEARCH = (
    "SELECT slug FROM bench_fts_docs, to_tsquery('english', %s) q WHERE doc @@ q "
    "ORDER BY ts_rank_cd(doc, q) DESC LIMIT %s"
)


def build(conn, rows):
    started = time.perf_counter()
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_fts_docs")
        cur.execute(
            "CREATE TABLE bench_fts_docs (slug text primary key, title text, symptom text,"
            " steps text, menus text, fieldnames text, context text, doc tsvector)"
        )
        with cur.copy(
            "COPY bench_fts_docs (slug, title, symptom, steps, menus, fieldnames, context)"
            " FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        cur.execute(f"UPDATE bench_fts_docs SET doc = {VECTOR}")
        cur.execute("CREATE INDEX bench_fts_docs_doc ON bench_fts_docs USING gin (doc)")
        cur.execute("ANALYZE bench_fts_docs")
        cur.execute("SELECT pg_total_relation_size('bench_fts_docs')")
        size = cur.fetchone()[0]
    conn.commit()
    return time.perf_counter() - started, size


def search(conn, text, limit=10):
    terms = [w for w in words(text) if w.isalnum()]
    if not terms:
        return []
    with conn.cursor() as cur:
        cur.execute(SEARCH, (" & ".join(terms), limit))
        hits = [r[0] for r in cur.fetchall()]
        if len(hits) < limit and len(terms) > 1:
            cur.execute(SEARCH, (" | ".join(terms), limit))
            hits += [r[0] for r in cur.fetchall() if r[0] not in hits]
    return hits[:limit]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", required=True)
    parser.add_argument("--limit", type=int, default=0, help="Only the first N scenarios.")
    parser.add_argument("--dev", default=str(ROOT / "tests" / "data" / "dev_queries.tsv"))
    args = parser.parse_args()
    rows = []
    for row in documents():
        rows.append(row)
        if args.limit and len(rows) >= args.limit:
            break
    with psycopg.connect(args.pg) as conn:
        build_s, size = build(conn, rows)
        runs = []
        for _ in range(2):
            times = []
            for query in make_queries():
                t0 = time.perf_counter()
                search(conn, query)
                times.append((time.perf_counter() - t0) * 1000)
            runs.append([percentile(times, p) for p in (50, 95, 99)])
        dev = read_dev_set(args.dev)
        top1 = sum(1 for q, ok in dev if (got := search(conn, q)) and got[0] == ok[0]) / len(dev)
        with conn.cursor() as cur:
            cur.execute("DROP TABLE bench_fts_docs")
        conn.commit()
    p50, p95, p99 = (statistics.median(r[i] for r in runs) for i in range(3))
    print(
        f"PostgreSQL FTS: {len(rows)} documents; build (COPY, tsvector, GIN) {build_s:.1f} s, "
        f"{size / 1e6:.1f} MB; search p50 {p50:.2f} / p95 {p95:.2f} / p99 {p99:.2f} ms "
        f"(median of 2 x 500 queries); dev top1 {top1:.3f} (plain ts_rank_cd)"
    )


if __name__ == "__main__":
    main()
