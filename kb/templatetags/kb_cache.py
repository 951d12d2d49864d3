"""{% pagecache "name" key ... [for_seconds=N] %}…{% endpagecache %}: the enclosed content
rendered once per content version and process (kb/content/page_cache.py), for everyone but
staff. Only what is the same for every visitor belongs inside: no CSRF token, no visitor's
state. `for_seconds` renders it again once that old (a list ranked by visitors' feedback).

A `{% csrf_token %}` or `csp_nonce` inside is the exception: it is rendered as a placeholder and
the request's own value put in its place on the way out (Django gives every form of a request
the same token, every script the same nonce).

`{% uncached %}…{% enduncached %}` inside a pagecache is a hole ("donut caching"): stored as a
placeholder, and rendered in each request's own context on the way out (a result's number, its
click-counting link, "Your product"). Not inside a loop of the cached content: each hole is
rendered once per output, in the context the pagecache tag sees. A hole in a nested pagecache is
filled by the outermost one.
"""

import uuid

from django import template
from django.utils.safestring import mark_safe

from kb.content import page_cache

register = template.Library()
TTL_PREFIX = "for_seconds="
# Stand for the request's CSRF token, CSP nonce and each hole in a stored fragment: random per
# process, so no content can contain them.
CSRF_PLACEHOLDER = f"csrf-{uuid.uuid4().hex}"
NONCE_PLACEHOLDER = f"nonce-{uuid.uuid4().hex}"
HOLE_PREFIX = f"hole-{uuid.uuid4().hex}-"  # + the hole node's id
BUILDING = "_kb_pagecache_building"  # set in the context while a fragment is rendered to store


class PageCacheNode(template.Node):
    def __init__(self, nodelist, keys, seconds):
        self.nodelist, self.keys, self.seconds = nodelist, keys, seconds
        self.holes = nodelist.get_nodes_by_type(UncachedNode)  # nested pagecaches' too
        for hole in self.holes:
            hole.marker = f"{HOLE_PREFIX}{id(hole)}."

    def render(self, context):
        key = ("fragment", *(k.resolve(context) for k in self.keys))
        seconds = float(self.seconds.resolve(context)) if self.seconds else None
        if seconds is not None and seconds <= 0:
            return self.nodelist.render(context)
        html = page_cache.get(context.get("request"), key, lambda: self._render(context), seconds)
        if CSRF_PLACEHOLDER in html:
            html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token")))
        if NONCE_PLACEHOLDER in html:
            html = html.replace(NONCE_PLACEHOLDER, str(context.get("csp_nonce")))
        if not context.get(BUILDING):  # else an enclosing pagecache fills them
            for hole in self.holes:
                if hole.marker in html:
                    html = html.replace(hole.marker, hole.nodelist.render(context))
        return mark_safe(html)

    def _render(self, context) -> str:
        nonce = NONCE_PLACEHOLDER if context.get("csp_nonce") is not None else None
        with context.push({"csrf_token": CSRF_PLACEHOLDER, "csp_nonce": nonce, BUILDING: True}):
            return self.nodelist.render(context)


class UncachedNode(template.Node):
    marker = ""  # set by the enclosing PageCacheNode (none in a template it includes)

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        if self.marker and context.get(BUILDING):
            return self.marker
        return self.nodelist.render(context)  # outside a pagecache, or its content uncached


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


@register.tag("uncached")
def uncached(parser, token):
    nodelist = parser.parse(("enduncached",))
    parser.delete_first_token()
    return UncachedNode(nodelist)
