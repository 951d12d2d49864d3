"""What visitors tell us, recorded for the editors' reports.

    record_page_view(article, scenario=None)         count a page view (per day, F() update)
    log_search(request, query, response) -> SearchLog | None
    record_search_click(request, scenario)           a result opened from a logged search

Votes: kb.feedback.votes (tokens), kb.feedback.widget (what the widget shows) and
kb.feedback.forms (validation). Checklist ticks and step outcomes: kb.feedback.checklist and
kb.feedback.checklist_forms. Reports: kb.feedback.reports. Rate limits: kb.feedback.ratelimit.
"""

from .pageviews import record_page_view
from .searchlog import log_search, record_search_click

__all__ = ["log_search", "record_page_view", "record_search_click"]
