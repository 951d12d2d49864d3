"""Add (or remove) synthetic scenarios for benchmarks: `kb_synth --scenarios 10000 --seed 1`.

The content is published and marked `is_synthetic`; the seed articles are never touched. No
index change feed is written: rebuild the index afterwards with `kb_rebuild_index`.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from kb import synth


class Command(BaseCommand):
    help = (
        "Add N published synthetic scenarios (deterministic for --seed), or remove all synthetic "
        "content with --remove. Rebuild the search index afterwards (kb_rebuild_index)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scenarios", type=int, default=0, help="How many to add.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (>= 0).")
        parser.add_argument(
            "--remove", action="store_true", help="Delete every synthetic article and scenario."
        )

    def handle(self, *args, scenarios, seed, remove, verbosity, **options):
        if scenarios < 0 or seed < 0:
            raise CommandError("--scenarios and --seed must be zero or more.")
        if not remove and not scenarios:
            raise CommandError("Give --scenarios N to add, or --remove.")
        started = time.perf_counter()
        if remove:
            counts = synth.remove()
            self.stdout.write(
                f"Removed {counts['scenarios']} synthetic scenarios in {counts['articles']} "
                f"articles ({time.perf_counter() - started:.1f} s)."
            )
        if scenarios:

            def progress(done):
                if verbosity > 1:
                    self.stdout.write(f"  {done} / {scenarios}")

            added = synth.generate(scenarios, seed=seed, progress=progress)
            self.stdout.write(
                f"Added {added} synthetic scenarios (seed {seed}) in "
                f"{time.perf_counter() - started:.1f} s. Rebuild the search index next."
            )
