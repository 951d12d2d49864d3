"""The search page's facet chips, rendered in Python: a page lists up to forty, and the template's
loop (ten variables and three conditions a chip) cost more than the rest of the facets.

    {% load kb_search %}
    <ul class="chip-list">{% chip_items chips search_url %}</ul>
"""

import html

from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.safestring import mark_safe

register = template.Library()


def _escaped(value) -> str:
    """As autoescape writes a value (conditional_escape, without its lazy-string wrappers)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _number(value: int) -> str:
    # What a template variable shows: localize() groups digits only with the setting on.
    return localize(value) if settings.USE_THOUSAND_SEPARATOR else str(value)


@register.simple_tag
def chip_items(chips: list[dict], search_url: str) -> str:
    """One <li> a chip (kb.views.search_forms.SearchParams.facet_chips), whitespace and all as
    the template's loop wrote it: a link to the search with the chip's filter, and either its
    count or the mark that removes it."""
    url = _escaped(search_url)
    items = []
    for chip in chips:
        href, label = f"{url}?{_escaped(chip['query_string'])}", _escaped(chip["label"])
        if chip["active"]:
            items.append(
                f'\n        <li><a class="chip chip-active" href="{href}" hx-get="{href}"'
                f' aria-label="Remove filter: {label}">{label} <span aria-hidden="true">×</span>'
                "</a></li>\n      "
            )
        else:
            count = _escaped(_number(chip["count"]))
            items.append(
                f'\n        <li><a class="chip" href="{href}" hx-get="{href}">{label}'
                f' <span class="count">{count}</span></a></li>\n      '
            )
    return mark_safe("".join(items))
