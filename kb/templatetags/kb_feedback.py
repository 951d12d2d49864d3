"""Feedback on public pages: the vote widget, and search-result links that report a click.

    {% load kb_feedback %}
    {% vote_widget article %}  or  {% vote_widget scenario %}
    <a href="{{ hit.url|search_click:search_log }}">   (search_log from kb.feedback.log_search)
"""

from django import template
from django.utils.http import urlencode

from kb.feedback.searchlog import CLICK_PARAM
from kb.feedback.votes import target_of, widget_context

register = template.Library()


@register.inclusion_tag("kb/feedback/vote.html#block", takes_context=True)
def vote_widget(context, page):
    request = context["request"]
    state = request.GET.get("feedback", "ask")
    return widget_context(request, target_of(page), state=state, fixed=_fixed(context))


@register.inclusion_tag("kb/feedback/vote.html#widget", takes_context=True)
def vote_widget_update(context, page):
    """The widget swapped out of band after a step's outcome changed (it may now say "fixed")."""
    request = context["request"]
    return widget_context(request, target_of(page), fixed=_fixed(context), oob=True)


def _fixed(context):
    # The scenario page's checklist already knows the visitor's outcomes: no second query.
    checklist = context.get("checklist")
    return None if checklist is None else checklist.fixed is not None


@register.filter
def search_click(url, search_log):
    """The result's URL carrying the search log id, so opening it counts as a click."""
    if not search_log or not getattr(search_log, "pk", None):
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({CLICK_PARAM: search_log.pk})}"
