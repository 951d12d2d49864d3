"""Reading what a request carries, whoever sent it: whole numbers in ASCII digits only, and no
NUL byte in a path (PostgreSQL refuses NUL in text, so a lookup holding one fails)."""

import re

from django.http import Http404

_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def whole_number(raw: str | None) -> int | None:
    """The whole number `raw` spells in ASCII digits (at most 18: it fits a 64-bit column),
    else None. str.isdigit() accepts "²" and "①", and int() reads "١٢" and " 12 "."""
    if raw and _WHOLE_NUMBER.fullmatch(raw):
        return int(raw)
    return None


class RefuseNulMiddleware:
    """404 for a path holding a NUL byte, before any view looks it up: no page's address has
    one. Query strings and form fields are left to the forms that read them (Django's text
    fields refuse NUL with a message); a cookie holding one is dropped, as a browser never
    sends it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404("No page has this address.")
        if any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items()):
            request.COOKIES = {
                name: value
                for name, value in request.COOKIES.items()
                if "\x00" not in name and "\x00" not in value
            }
        return self.get_response(request)
