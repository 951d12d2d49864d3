"""Helpers for the learning-from-use tests: search-log rows and outcomes written directly."""

from datetime import timedelta

from django.utils import timezone

from kb.feedback.network import network_of_address
from kb.models import SearchLog, Vote


def logged(query, visitor="", *, results=3, clicked=None, when=None, address="192.0.2.10",
           fixed=None):  # fmt: skip
    """A search-log row as log_search and record_search_click would leave it; with `fixed`
    (True/False) the visitor also voted Yes/No on the clicked scenario."""
    when = when or timezone.now()
    row = SearchLog.objects.create(
        query=query,
        normalized=" ".join(query.lower().split()),
        results_count=results,
        top_slug=clicked.slug if clicked else "",
        visitor=visitor,
        network=network_of_address(address),
        clicked_scenario=clicked,
        clicked_at=when + timedelta(seconds=20) if clicked else None,
    )
    SearchLog.objects.filter(pk=row.pk).update(created_at=when)
    if clicked is not None and fixed is not None:
        Vote.objects.record(
            visitor=visitor, article=clicked.issue.article, scenario=clicked, helpful=fixed
        )
    return row


def days_ago(n: float):
    return timezone.now() - timedelta(days=n)
