"""Tell anonymous visitors apart with a signed cookie, so votes and checklists need no login.

An IP address alone would merge everyone behind one office proxy; a signed random id cannot be
forged to vote as someone else.
"""

import uuid

from django.http import HttpRequest

COOKIE_NAME = "kb_visitor"
COOKIE_SALT = "kb.visitor"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365


class VisitorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        visitor = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT)
        is_new = not visitor or len(visitor) != 32
        request.visitor_id = uuid.uuid4().hex if is_new else visitor
        request.visitor_is_new = is_new  # nothing can be stored yet under a new id
        response = self.get_response(request)
        # Only pages and fragments a browser shows need it (votes and checklists live there):
        # a JSON API client, a redirect or a download gets no cookie it would never send back.
        if is_new and response.get("Content-Type", "").startswith("text/html"):
            response.set_signed_cookie(
                COOKIE_NAME,
                request.visitor_id,
                salt=COOKIE_SALT,
                max_age=COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response


def nothing_stored(request) -> bool:
    """Whether this visitor can have no votes, ticks or outcomes stored: a reading request (it
    writes none) whose visitor id was made for it."""
    return request.method in ("GET", "HEAD") and getattr(request, "visitor_is_new", False)


def visitor_from_value(value: str) -> str | None:
    """Unsign a raw cookie value (for tests and tools); None when tampered with."""
    # Through a request, so this unsigns exactly as the middleware does (Django 6.1 changed
    # how signed cookies are salted).
    request = HttpRequest()
    request.COOKIES[COOKIE_NAME] = value
    return request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT)
