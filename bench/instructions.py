"""Instructions per request, counted by valgrind (callgrind): repeatable where timings on a
shared machine are not, so two commits can be told apart by a few percent.

    DATABASE_URL=... KB_INDEX_DIR=... .venv/bin/python bench/instructions.py \
        [--path api|page|floor|/s/<slug>/] [--requests 100]

Runs the WSGI application in a child process under valgrind twice, with N and with 2N
requests (the queries of bench/profile_request.py, each made unique, as bench/run.py does), and
prints (second - first) / N: the cost of a warm request, start-up and first requests left out.
Takes a few minutes (valgrind runs Python about 50 times slower).
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(path: str, count: int) -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import profile_request

    profile_request.load_application()
    for target in profile_request.paths(path, True, count):
        profile_request.call(target)


def counted(path: str, count: int) -> int:
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               sys.executable, __file__, "--child", str(count), "--path", path]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    found = re.search(r"Collected\s*:\s*([\d,]+)", done.stderr)
    if not found:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", default="api")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.path, args.child)
        return
    first, second = counted(args.path, args.requests), counted(args.path, 2 * args.requests)
    per_request = (second - first) / args.requests
    print(f"{args.path}: {per_request / 1e6:.1f} M instructions per warm request "
          f"({args.requests} requests after {args.requests})")  # fmt: skip


if __name__ == "__main__":
    main()
