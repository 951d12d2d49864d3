"""Parts of the search page made in Python for speed, checked against what they replaced: the
facet chips (once a template loop), the cleaned parameters (once a Django form), and the page
cache's holes ({% uncached %})."""

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.functional import lazy
from django.utils.safestring import mark_safe

from kb.content import page_cache
from kb.templatetags.kb_search import chip_items
from kb.views.search_forms import SearchParams

# The template loop chip_items replaced, as it was.
CHIP_LOOP = Template(
    """{% for chip in chips %}
        <li><a class="chip{% if chip.active %} chip-active{% endif %}" href="{{ search_url }}?{{ chip.query_string }}" hx-get="{{ search_url }}?{{ chip.query_string }}"{% if chip.active %} aria-label="Remove filter: {{ chip.label }}"{% endif %}>{{ chip.label }}{% if chip.active %} <span aria-hidden="true">×</span>{% else %} <span class="count">{{ chip.count }}</span>{% endif %}</a></li>
      {% endfor %}"""  # noqa: E501
)


@pytest.mark.parametrize("thousands", [False, True], ids=["plain counts", "grouped counts"])
def test_chip_items_write_what_the_template_loop_wrote(settings, thousands):
    settings.USE_THOUSAND_SEPARATOR = thousands
    chips = [
        {"label": "Tom & Jerry's <b>\"CRM\"</b>", "count": 12345, "active": False,
         "query_string": "q=a%26b&system=x&article=y"},
        {"label": "Plain", "count": None, "active": True, "query_string": "q=a"},
        {"label": mark_safe("<i>safe</i>"), "count": 3, "active": False, "query_string": ""},
        {"label": lazy(lambda: "Lazy <label>", str)(), "count": 0, "active": True,
         "query_string": "q=%E2%80%9C"},
    ]  # fmt: skip
    search_url = "/search"
    assert chip_items(chips, search_url) == CHIP_LOOP.render(
        Context({"chips": chips, "search_url": search_url})
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=+contact++not%09syncing+", {"q": "contact not syncing", "page": 1}),
        ("q=a%00b", {"q": "a b"}),
        ("q=" + "x" * 201 + "+y", {"q": "x" * 200}),
        ("page=2.0", {"page": 2}),
        ("page=11", {"page": 1}),
        ("page=0", {"page": 1}),
        ("page=abc", {"page": 1}),
        ("issue=a%00b", {"issue": ""}),
        ("issue=+Some+issue+", {"issue": "Some issue"}),
        ("system=nope&system=exterro-legal-hold", {"systems": ["exterro-legal-hold"]}),
        ("article=legal-accounting-integration&article=bad+slug&article=nope",
         {"articles": ["legal-accounting-integration"]}),
    ],
)  # fmt: skip
def test_search_parameters_keep_what_is_valid_and_drop_the_rest(content, query, expected):
    params = SearchParams(QueryDict(query))
    for name, value in expected.items():
        assert getattr(params, name) == value, name


def test_a_hole_is_rendered_per_request_inside_a_cached_fragment_and_plainly_outside(db):
    page_cache.clear()
    template = Template(
        "{% load kb_cache %}{% pagecache 'holes' %}[{{ fixed }}|{% uncached %}{{ mine }}"
        "{% pagecache 'inner' %}<{% uncached %}{{ mine }}{% enduncached %}>{% endpagecache %}"
        "{% enduncached %}]{% endpagecache %} {% uncached %}{{ mine }}{% enduncached %}"
    )
    request = RequestFactory().get("/")
    request._kb_content_version = 1  # as page_cache.content_version sets it
    first = template.render(Context({"fixed": "a", "mine": "x", "request": request}))
    second = template.render(Context({"fixed": "b", "mine": "y&", "request": request}))
    assert first == "[a|x<x>] x"
    assert second == "[a|y&amp;<y&amp;>] y&amp;"  # the fixed part cached, the holes not
