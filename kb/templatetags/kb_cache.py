"""{% pagecache "name" key ... [for_seconds=N] %}…{% endpagecache %}: the enclosed content
rendered once per content version and process (kb/content/page_cache.py), for everyone but
staff. Only what is the same for every visitor belongs inside: no CSRF token, no visitor's
state. `for_seconds` renders it again once that old (a list ranked by visitors' feedback).

A `{% csrf_token %}` inside is the exception: it is rendered as a placeholder and the request's
own token put in its place on the way out (Django gives every form of a request the same one).
"""

import uuid

from django import template
from django.utils.safestring import mark_safe

from kb.content import page_cache

register = template.Library()
TTL_PREFIX = "for_seconds="
# Stands for the request's CSRF token in a stored fragment: random per process, so no content
# can contain it.
CSRF_PLACEHOLDER = f"csrf-{uuid.uuid4().hex}"


class PageCacheNode(template.Node):
    def __init__(self, nodelist, keys, seconds):
        self.nodelist, self.keys, self.seconds = nodelist, keys, seconds

    def render(self, context):
        key = ("fragment", *(k.resolve(context) for k in self.keys))
        seconds = float(self.seconds.resolve(context)) if self.seconds else None
        if seconds is not None and seconds <= 0:
            return self.nodelist.render(context)
        html = page_cache.get(context.get("request"), key, lambda: self._render(context), seconds)
        if CSRF_PLACEHOLDER in html:
            html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token")))
        return mark_safe(html)

    def _render(self, context) -> str:
        with context.push(csrf_token=CSRF_PLACEHOLDER):
            return self.nodelist.render(context)


@register.tag("pagecache")
def pagecache(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("pagecache needs a name")
    seconds = None
    if bits[-1].startswith(TTL_PREFIX):
        seconds = parser.compile_filter(bits.pop()[len(TTL_PREFIX) :])
    nodelist = parser.parse(("endpagecache",))
    parser.delete_first_token()
    return PageCacheNode(nodelist, [parser.compile_filter(b) for b in bits], seconds)
