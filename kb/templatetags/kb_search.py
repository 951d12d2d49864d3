"""The search page's facet chips, rendered in Python: a page lists up to forty, and the template's
loop (ten variables and three conditions a chip) cost more than the rest of the facets.

    {% load kb_search %}
    <ul class="chip-list">{% chip_items chips search_url %}</ul>
"""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The markup the template's loop wrote, whitespace and all; format_html escapes each value as
# autoescape does (the count localized first, as a template variable is).
ACTIVE = (
    '\n        <li><a class="chip chip-active" href="{0}?{1}" hx-get="{0}?{1}"'
    ' aria-label="Remove filter: {2}">{2} <span aria-hidden="true">×</span></a></li>\n      '
)
NARROWS = (
    '\n        <li><a class="chip" href="{0}?{1}" hx-get="{0}?{1}">{2}'
    ' <span class="count">{3}</span></a></li>\n      '
)


@register.simple_tag
def chip_items(chips: list[dict], search_url: str) -> str:
    """One <li> a chip (kb.views.search_forms.SearchParams.facet_chips): a link to the search
    with the chip's filter, and either its count or the mark that removes it."""
    html = []
    for chip in chips:
        if chip["active"]:
            html.append(format_html(ACTIVE, search_url, chip["query_string"], chip["label"]))
        else:
            count = localize(chip["count"])
            html.append(format_html(NARROWS, search_url, chip["query_string"], chip["label"], count))
    return mark_safe("".join(html))
