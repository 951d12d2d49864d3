"""Feedback on public pages: the vote widget, and search-result links that report a click.

    {% load kb_feedback %}
    {% vote_widget feedback_widget %}  (feedback_widget from kb.feedback.widget.page_widget,
                                        computed by the page's view: no tag queries)
    <a href="{{ hit.url|search_click:search_log }}">   (search_log from kb.feedback.log_search)
"""

import uuid

from django import template
from django.template.defaultfilters import urlencode as urlencode_filter
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from kb.content import page_cache
from kb.feedback.searchlog import CLICK_PARAM
from kb.templatetags.kb_cache import CSRF_PLACEHOLDER

register = template.Library()
# Stands for the visitor's signed token in a stored widget; its ':' tells the token's place in a
# form field from its URL-encoded place in a link.
TOKEN_PLACEHOLDER = f"vt:{uuid.uuid4().hex}"


@register.simple_tag(takes_context=True)
def vote_widget(context, widget):
    """Renders the widget the view computed (its own context, apart from the page's)."""
    return _render(context, "kb/feedback/vote.html#block", widget)


@register.simple_tag(takes_context=True)
def vote_widget_update(context, widget):
    """The widget swapped out of band after a step's outcome changed (it may now say "fixed")."""
    return _render(context, "kb/feedback/vote.html#widget", widget)


def _render(context, name: str, widget: dict) -> str:
    """As an inclusion tag renders it; a widget with no vote, form or error (the same for every
    visitor but for the token) is rendered once per page and state (kb/content/page_cache.py)."""
    engine_template = context.template.engine.get_template(name)

    def render(values):
        new = context.new(values)
        csrf = context.get("csrf_token")
        if csrf is not None and "csrf_token" not in values:
            new["csrf_token"] = csrf
        return engine_template.render(new)

    if widget.get("current_vote") is not None or widget.get("form") is not None or widget.get(
        "error"
    ):
        return mark_safe(render(widget))
    target = widget["target"]
    scenario_id = target.scenario.pk if target.scenario else None
    key = ("vote", name, target.article.pk, scenario_id, widget["state"], bool(widget.get("oob")))
    placeholders = {"token": TOKEN_PLACEHOLDER, "csrf_token": CSRF_PLACEHOLDER}
    html = page_cache.get(context.get("request"), key, lambda: render({**widget, **placeholders}))
    token = widget["token"]
    html = html.replace(TOKEN_PLACEHOLDER, token)
    html = html.replace(urlencode_filter(TOKEN_PLACEHOLDER), urlencode_filter(token))
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token")))
    return mark_safe(html)


@register.filter
def search_click(url, search_log):
    """The result's URL carrying the search log id, so opening it counts as a click."""
    if not search_log or not getattr(search_log, "pk", None):
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({CLICK_PARAM: search_log.pk})}"
