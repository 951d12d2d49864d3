"""Profile whole requests through the WSGI application (middleware, view, JSON), not only search().

    DATABASE_URL=... KB_INDEX_DIR=... .venv/bin/python bench/profile_request.py \
        [--path api] [--unique] [--requests 2000] [--top 30]

--path: api (/api/search, the 50 benchmark queries in rotation), page (/search), floor
(/bench/floor, needs KB_BENCH=1) or any path beginning with "/". --unique appends a number to
each query, as bench/run.py does, so the results cache never answers. Prints the time per
request without the profiler, then cProfile's top functions with it.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
import urllib.parse

from load import UNIQUE_BASE
from queries import make_queries
from support import ROOT

application = None  # the WSGI application, loaded by load_application() (Django set up)


def load_application():
    """Set Django up and load the WSGI application (which opens the search index)."""
    global application
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    from kb.wsgi import application


def paths(kind: str, unique: bool, count: int) -> list[str]:
    if kind.startswith("/"):
        return [kind] * count
    if kind == "floor":
        return ["/bench/floor"] * count
    prefix = {"api": "/api/search?q=", "page": "/search?q="}[kind]
    queries = [urllib.parse.quote_plus(q) for q in make_queries()[:50]]
    return [
        prefix + queries[i % len(queries)] + (f"+{UNIQUE_BASE + i}" if unique else "")
        for i in range(count)
    ]


def call(path: str) -> int:
    target, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": target,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    status = []
    body = application(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        for _chunk in body:
            pass
    finally:
        close = getattr(body, "close", None)
        if close:
            close()
    return int(status[0].split()[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", default="api")
    parser.add_argument("--unique", action="store_true")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    load_application()
    todo = paths(args.path, args.unique, args.requests)
    for path in todo[:50]:  # warm: open the index, fill the cache when queries repeat
        call(path)
    if args.unique:
        todo = [p + "0" for p in todo]  # not the warm-up's queries
    started = time.perf_counter()
    statuses = [call(p) for p in todo]
    elapsed = time.perf_counter() - started
    print(
        f"{args.path}{' (unique)' if args.unique else ''}: {len(todo)} requests, "
        f"{elapsed / len(todo) * 1000:.3f} ms each, statuses {sorted(set(statuses))}"
    )
    if args.unique:
        todo = [p + "1" for p in todo]
    profile = cProfile.Profile()
    profile.enable()
    for p in todo:
        call(p)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
