"""Measure ranking on a TSV of queries (`query<TAB>slug,slug,...`; the first slug is the best
answer, the others acceptable). Queries run through the same code path as the JSON API.

top1 counts an accepted slug in first place; the stricter share of queries whose first-listed
(best) slug comes first is printed on the line before the summary. Prints each miss (query,
expected, got) and ends with exactly one line:
    n=<N> top1=<0.000> mrr5=<0.000> recall3=<0.000>
"""

from django.core.management.base import BaseCommand, CommandError

from kb.search.evaluation import evaluate, read_queries
from kb.visitor.products import parse_products


class Command(BaseCommand):
    help = "Evaluate search ranking on a TSV file of queries and accepted scenario slugs."

    def add_arguments(self, parser):
        parser.add_argument("file", help="TSV: query, tab, comma-separated accepted slugs.")
        parser.add_argument(
            "--prefer",
            default="",
            help="Comma-separated system slugs: search as a visitor who set these as their "
            "products.",
        )

    def handle(self, *args, file, prefer, **options):
        try:
            queries = read_queries(file)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        try:
            products = parse_products(prefer.split(","))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        report = evaluate(queries, prefer=products)
        for miss in report.misses:
            self.stdout.write(
                f"MISS {miss.query!r}: expected {','.join(miss.accepted)}; "
                f"got {','.join(miss.got) or '(nothing)'}"
            )
        self.stdout.write(f"best answer first (stricter than top1): {report.best1:.3f}")
        self.stdout.write(report.summary())
