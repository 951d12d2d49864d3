"""Feedback on public pages: the vote widget, and search-result links that report a click.

    {% load kb_feedback %}
    {% vote_widget feedback_widget %}  (feedback_widget from kb.feedback.widget.page_widget,
                                        computed by the page's view: no tag queries)
    <a href="{{ hit.url|search_click:search_log }}">   (search_log from kb.feedback.log_search)
"""

from django import template
from django.utils.http import urlencode

from kb.feedback.searchlog import CLICK_PARAM

register = template.Library()


@register.inclusion_tag("kb/feedback/vote.html#block")
def vote_widget(widget):
    """Renders the widget the view computed (its own context, apart from the page's)."""
    return widget


@register.inclusion_tag("kb/feedback/vote.html#widget")
def vote_widget_update(widget):
    """The widget swapped out of band after a step's outcome changed (it may now say "fixed")."""
    return widget


@register.filter
def search_click(url, search_log):
    """The result's URL carrying the search log id, so opening it counts as a click."""
    if not search_log or not getattr(search_log, "pk", None):
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({CLICK_PARAM: search_log.pk})}"
