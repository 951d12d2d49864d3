"""Render editor-entered text: Markdown, then sanitised, so no script ever reaches a page."""

from functools import lru_cache

import markdown as md
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "ul", "ol", "li", "a", "blockquote",
    "kbd", "h3", "h4",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


# The output depends on the text alone, and a scenario page renders each step twice (checklist
# and support summary): building a Markdown converter per call was most of the page's time.
@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    html = md.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


@register.filter(name="markdown")
def markdown_filter(text):
    return mark_safe(render_markdown(text))


WEB_SCHEMES = ("http://", "https://")


@register.filter
def web_url(url):
    """The URL when it is a web address, else "": a `javascript:` URL that reached the database
    through a fixture, an import or the ORM (the admin form refuses it) must never become a link."""
    url = (url or "").strip()
    return url if url.lower().startswith(WEB_SCHEMES) else ""


@register.filter
def menu_parts(path):
    from kb.models import SolutionStep

    return SolutionStep.split_path(path or "")
