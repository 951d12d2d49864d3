"""The visitor's own products: the systems they support or use, ranked first in search.

A knowledge base for many products holds the same symptom once per product ("Time entry fails
to save in ..."); the product someone works with is what tells those answers apart. The choice
is kept in a cookie (a list of system slugs, nothing personal), so it needs no login; a slug
that no longer names a system is dropped when read.
"""

from django.conf import settings

from kb.models import System

COOKIE_NAME = "kb_products"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365
SEPARATOR = ","


def known_slugs() -> set[str]:
    return set(System.objects.values_list("slug", flat=True))


def parse_products(values) -> tuple[str, ...]:
    """System slugs, each once and sorted; ValueError naming any that is no system's."""
    wanted = {value.strip() for value in values if value and value.strip()}
    unknown = sorted(wanted - known_slugs()) if wanted else []
    if unknown:
        raise ValueError(f"No such product: {', '.join(unknown)}.")
    return tuple(sorted(wanted))


def from_request(request, systems=None) -> tuple[str, ...]:
    """The products the visitor chose, as still known (a stale or forged value is left out).
    `systems`: every System, when the caller has them loaded already."""
    raw = request.COOKIES.get(COOKIE_NAME, "")
    if not raw:
        return ()
    known = {s.slug for s in systems} if systems is not None else known_slugs()
    return tuple(sorted(set(raw.split(SEPARATOR)) & known))


def remember(request, response, products: tuple[str, ...]) -> None:
    if not products:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return
    response.set_cookie(
        COOKIE_NAME,
        SEPARATOR.join(products),
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
    )
