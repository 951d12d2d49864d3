"""500 symptom-like queries, as support agents type them, from a vocabulary of their own.

Not drawn from the dev set (that would tune the benchmark to it) nor from kb_synth's templates
(that would make every query an exact title): short, lower-case, sometimes misspelt phrases
that mix the field's words with everyday ones. Run alone, it prints the first of them:

    .venv/bin/python bench/queries.py [--count 20]
"""

import argparse
import random

THINGS = [
    "contact", "matter", "invoice", "time entry", "bill", "trust", "ledger", "document",
    "template", "user", "client", "payment", "receipt", "disbursement", "timesheet", "ledes",
    "e-bill", "hold notice", "custodian", "webhook", "token", "sync", "integration", "report",
    "bank feed", "calendar", "email", "password", "login", "sso", "export", "numbering",
    "tax", "rate", "fee earner", "write off", "credit note", "retainer", "matter balance",
]
TROUBLES = [
    "not syncing", "wont sync", "won't save", "cant save", "missing", "error", "failed",
    "not showing", "duplicate", "wrong number", "stuck", "slow", "rejected", "expired",
    "not updating", "disappeared", "locked", "out of balance", "cannot open", "greyed out",
    "not working", "keeps failing", "access denied", "timeout", "blank page",
]
CONTEXTS = [
    "practice management", "legal accounting", "legal tracker", "exterro", "billing page",
    "after upgrade", "after password change", "month end", "for new user", "in portal",
    "on invoice", "when posting", "when approving", "overnight", "since yesterday",
    "for one client", "for all users", "in report", "on mobile", "after import",
]
EVERYDAY = ["why", "how to", "help", "still", "again", "keeps", "suddenly", "every time", "all"]
ERRORS = ["403", "409", "500", "error 401", "e-4012", "invalid grant", "already assigned"]


def _typo(rng, word):
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swap two letters


def make_queries(count=500, seed=20261124):
    rng = random.Random(seed)
    templates = [
        lambda: f"{rng.choice(THINGS)} {rng.choice(TROUBLES)}",
        lambda: f"{rng.choice(THINGS)} {rng.choice(TROUBLES)} {rng.choice(CONTEXTS)}",
        lambda: f"{rng.choice(EVERYDAY)} {rng.choice(THINGS)} {rng.choice(TROUBLES)}",
        lambda: f"{rng.choice(THINGS)} {rng.choice(ERRORS)}",
        lambda: f"{rng.choice(CONTEXTS)} {rng.choice(THINGS)} {rng.choice(TROUBLES)}",
        lambda: f"{rng.choice(THINGS)} {rng.choice(THINGS)} {rng.choice(TROUBLES)}",
        lambda: rng.choice(THINGS),
    ]
    queries = []
    for _ in range(count):
        words = rng.choice(templates)().split()
        if rng.random() < 0.1:
            k = rng.randrange(len(words))
            words[k] = _typo(rng, words[k])
        queries.append(" ".join(words))
    return queries


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    for query in make_queries()[: parser.parse_args().count]:
        print(query)
