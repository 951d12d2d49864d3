"""Concurrent votes and rate-limited posts: print rows stored, errors, and throughput.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/vote_load.py
    .venv/bin/python bench/vote_load.py --threads 20 --votes 10     # SQLite

Runs in a throwaway test database (test_<NAME>), through the real view with Django's test
client, one thread per browser. Exit status 1 when a vote was lost or a request failed.
"""

import argparse
import os
import sys
import threading
import time

from support import seeded_database

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--votes", type=int, default=10, help="votes per thread")
    args = parser.parse_args()

    with seeded_database() as connection:
        from django.conf import settings
        from django.http import HttpResponse
        from django.test import Client

        from kb.feedback.votes import make_token
        from kb.models import Scenario, Vote
        from kb.visitor.identity import COOKIE_NAME, COOKIE_SALT

        settings.KB_RATE_LIMITS = {"feedback": (10**9, 600)}
        scenarios = list(Scenario.objects.order_by("slug"))
        statuses, errors = [], []
        barrier = threading.Barrier(args.threads)

        def browser(index):
            visitor = f"{index:032x}"
            cookie = HttpResponse()
            cookie.set_signed_cookie(COOKIE_NAME, visitor, salt=COOKIE_SALT)
            client = Client()
            client.cookies[COOKIE_NAME] = cookie.cookies[COOKIE_NAME].value
            try:
                barrier.wait()
                for n in range(args.votes):
                    scenario = scenarios[n % len(scenarios)]
                    token = make_token(visitor, article_id=scenario.issue.article_id,
                                       scenario_id=scenario.pk)
                    response = client.post("/feedback/vote/", {
                        "token": token, "helpful": "no", "reasons": ["other"],
                    })
                    statuses.append(response.status_code)
            except Exception as exc:  # noqa: BLE001 - counted and printed
                errors.append(repr(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=browser, args=(i,)) for i in range(args.threads)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        expected = args.threads * min(args.votes, len(scenarios))
        stored = Vote.objects.count()
        failed = sum(1 for status in statuses if status != 303) + len(errors)
        print(f"database: {connection.vendor}")
        print(f"threads x votes: {args.threads} x {args.votes} = {len(statuses)} requests")
        print(f"rows expected: {expected}  rows stored: {stored}  errors: {failed}")
        print(f"elapsed: {elapsed:.2f} s  throughput: {len(statuses) / elapsed:.0f} votes/s")
        for error in errors[:5]:
            print("error:", error)
        return 0 if stored == expected and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
