"""Page views per page and day, for the editors' reports."""

import logging

from django.db import DatabaseError

from kb.models import PageView

from .durability import relaxed_durability

logger = logging.getLogger(__name__)


def record_page_view(article, scenario=None) -> None:
    """Count one view of an article page (or, with `scenario`, of a scenario page).

    A counter must never cost a reader their page: a database error is logged, not raised.
    """
    try:
        with relaxed_durability():
            PageView.objects.bump(article=article, scenario=scenario)
    except DatabaseError:
        logger.warning("Page view not counted for %s", scenario or article, exc_info=True)
