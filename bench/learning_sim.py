"""Proof by simulation of learning from use: held-out figures before and after simulated visits.

    .venv/bin/python bench/learning_sim.py [--synthetic 10000] [--visitors 3]

In a throwaway database with the seed content (plus --synthetic scenarios from
`kb_synth --seed 1`), simulated visitors type each query of tests/data/train_queries.tsv
(everyday words); when the answer is not first they open nothing (or the top result and answer
"No"), and retry within two minutes in the article's words, opening the answer and answering
"Yes" when it is in the top five. Each visitor has its own cookie and network, a few hours apart.
Then suggested synonyms are accepted (as an editor would), kb_learn_ranking runs, and every
held-out set is measured again. Also measured: the same sets with no usage data and the learned
ranking on (must equal today's), and after three attacks on held-out queries (500 "fixed it"
from one visitor; 500 visitor ids on one address; 500 visitors from 500 addresses within one
minute) that must move nothing. The training file must share no query, and no analysed form,
with the held-out files.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta

# Its own index, never the checkout's var/index.
os.environ.setdefault("KB_INDEX_DIR", tempfile.mkdtemp(prefix="learning-sim-"))

from support import ROOT, seeded_database  # noqa: E402

DATA = ROOT / "tests/data"
HELDOUT = ["dev", "heldout", "heldout2", "heldout3", "heldout4", "vocab"]
TRAIN = DATA / "train_queries.tsv"
RETRY_AFTER = timedelta(minutes=2)
ATTACK_QUERIES = 10
ATTACK_VOTES = 500


def read_train():
    rows = []
    for line in TRAIN.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            first, retry, slug = line.split("\t")
            rows.append((first, retry, slug))
    return rows


def check_disjoint(train, sets):
    from kb.search.analysis import analysed_form

    held = {}
    for name, queries in sets.items():
        for query, _ in queries:
            held[" ".join(query.lower().split())] = name
            held["form:" + analysed_form(query)] = name
    clashes = [
        (q, held.get(" ".join(q.lower().split())) or held.get("form:" + analysed_form(q)))
        for row in train for q in row[:2]
        if " ".join(q.lower().split()) in held or "form:" + analysed_form(q) in held
    ]  # fmt: skip
    if clashes:
        sys.exit(f"train_queries.tsv shares queries with held-out files: {clashes}")


def measure(sets):
    from kb.search.evaluation import evaluate

    return {name: evaluate(queries) for name, queries in sets.items()}


def log(query, visitor, address, when, clicked=None, helpful=None, results=0):
    from kb.feedback.network import network_of_address
    from kb.feedback.searchlog import normalize
    from kb.models import SearchLog, Vote

    row = SearchLog.objects.create(
        query=query, normalized=normalize(query), results_count=results, visitor=visitor,
        network=network_of_address(address), clicked_scenario=clicked,
        clicked_at=when + timedelta(seconds=30) if clicked else None,
    )  # fmt: skip
    SearchLog.objects.filter(pk=row.pk).update(created_at=when)
    if clicked is not None and helpful is not None:
        Vote.objects.record(visitor=visitor, article=clicked.issue.article, scenario=clicked,
                            helpful=helpful)  # fmt: skip


def visit(first, retry, slug, visitor, address, when, scenarios):
    """One simulated visitor; True when they found the fix at the first try."""
    from kb.search import search

    got = search(first, limit=5).results
    if got and got[0].slug == slug:
        log(first, visitor, address, when, scenarios[slug], True, len(got))
        return True
    wrong = scenarios.get(got[0].slug) if got and int(visitor[-1]) % 2 else None
    log(first, visitor, address, when, wrong, False if wrong else None, len(got))
    again = [hit.slug for hit in search(retry, limit=5).results]
    found = scenarios[slug] if slug in again else None
    log(retry, visitor, address, when + RETRY_AFTER, found, True if found else None, len(again))
    return False


def attack(sets, baseline, scenarios, start):
    """Three attacks on the first held-out queries whose answer is first today: each pushes the
    runner-up with ATTACK_VOTES confirmations."""
    from kb.search import search

    targets = []
    for name, queries in sets.items():
        for query, accepted in queries:
            got = [hit.slug for hit in search(query, limit=5).results]
            if len(got) > 1 and got[0] in accepted and got[1] not in accepted:
                targets.append((query, scenarios[got[1]]))
                break
    targets = targets[:ATTACK_QUERIES]
    for t, (query, scenario) in enumerate(targets):
        for i in range(ATTACK_VOTES):  # one visitor, many addresses and days
            log(query, f"attacker{t}x", f"10.{t}.{i % 250}.{i // 250 + 1}",
                start + timedelta(hours=i), scenario, True, 5)  # fmt: skip
        for i in range(ATTACK_VOTES):  # many cookies, one address
            log(query, f"cookie{t}-{i}", "192.0.2.66", start + timedelta(hours=i), scenario,
                True, 5)  # fmt: skip
        for i in range(ATTACK_VOTES):  # a burst: many cookies and addresses in one minute
            log(query, f"bot{t}-{i}", f"100.{t}.{i % 250}.{i // 250 + 1}",
                start + timedelta(seconds=i * 60 / ATTACK_VOTES), scenario, True, 5)  # fmt: skip
    return targets


def table(rows):
    print(f"{'set':<10} {'n':>4}  " + "  ".join(f"{h:>16}" for h in rows[0][2]))
    for name, n, _, cells in rows[1:]:
        print(f"{name:<10} {n:>4}  " + "  ".join(f"{c:>16}" for c in cells))


def fig(before, after):
    return f"{before:.3f} -> {after:.3f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--synthetic", type=int, default=0, help="synthetic scenarios to add")
    parser.add_argument("--visitors", type=int, default=3, help="visitors per training query")
    args = parser.parse_args()
    with seeded_database(index=True):
        run(args)


def run(args):
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import transaction
    from django.test.utils import override_settings
    from django.utils import timezone

    from kb.feedback import learning, suggestions
    from kb.models import LearnedBoost, Scenario, SearchLog, Vote
    from kb.search.evaluation import read_queries

    began = time.monotonic()
    if args.synthetic:
        call_command("kb_synth", scenarios=args.synthetic, seed=1, verbosity=0)
        call_command("kb_rebuild_index", verbosity=0)
    sets = {name: read_queries(DATA / f"{name}_queries.tsv") for name in HELDOUT}
    train = read_train()
    check_disjoint(train, sets)
    train_set = {"train": [(first, [slug]) for first, _, slug in train]}
    scenarios = {s.slug: s for s in Scenario.objects.select_related("issue__article")}
    content = f"seed + {args.synthetic} synthetic" if args.synthetic else "seed"
    print(f"content: {content} ({len(scenarios)} scenarios); {len(train)} training queries x "
          f"{args.visitors} visitors")  # fmt: skip

    with override_settings(KB_LEARNED_RANKING=False):
        today = measure({**sets, **train_set})
    empty = measure({**sets, **train_set})
    identical = all(
        (today[k].top1, today[k].mrr5, [m.got for m in today[k].misses])
        == (empty[k].top1, empty[k].mrr5, [m.got for m in empty[k].misses]) for k in today
    )  # fmt: skip
    print(f"no usage data, learned ranking on: every figure identical to today's: {identical}")

    now = timezone.now()
    with transaction.atomic():
        targets = attack(sets, today, scenarios, now - timedelta(days=30))
    kept = learning.refresh()
    attacked = measure(sets)
    moved = [k for k in sets if (attacked[k].top1, attacked[k].mrr5)
             != (today[k].top1, today[k].mrr5)]  # fmt: skip
    print(f"attack: {len(targets)} held-out queries x 3 x {ATTACK_VOTES} confirmations; "
          f"learned pairs: {kept}; suggestions: {len(suggestions.suggestions())}; "
          f"sets moved: {moved or 'none'}")  # fmt: skip
    SearchLog.objects.all().delete()
    Vote.objects.all().delete()
    LearnedBoost.objects.all().delete()

    first_try = 0
    with transaction.atomic():
        for line, (first, retry, slug) in enumerate(train):
            for v in range(args.visitors):
                when = now - timedelta(days=20) + timedelta(hours=line * args.visitors + v * 7)
                visitor = f"sim{line:03d}v{v}"
                first_try += visit(first, retry, slug, visitor, f"172.{16 + v}.{line}.9", when,
                                   scenarios)  # fmt: skip
    editor = User.objects.create_user("sim-editor", is_staff=True)
    accepted = suggestions.suggestions()
    for s in accepted:
        suggestions.accept(s, editor)
    kept = learning.refresh()
    after = measure({**sets, **train_set})
    print(f"visits: {len(train) * args.visitors} ({first_try} fixed at the first try); "
          f"suggestions accepted: {len(accepted)}; learned pairs: {kept}")  # fmt: skip
    for s in accepted:
        print(f"  synonym: {s.source_text!r} = {s.target_text!r} ({s.visitor_count} visitors)")
    rows = [("", 0, ["top1 before->after", "mrr5 before->after"], [])]
    for name in [*HELDOUT, "train"]:
        b, a = today[name], after[name]
        rows.append((name, b.n, [], [fig(b.top1, a.top1), fig(b.mrr5, a.mrr5)]))
    table(rows)
    print(f"({time.monotonic() - began:.0f} s)")


if __name__ == "__main__":
    main()
