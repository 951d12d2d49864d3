"""Hostile input for every route of the URLconf: path parts, query strings and form fields.

Values are kept percent-encoded, so bytes no browser would send (invalid UTF-8, an encoded
lone surrogate) reach the server exactly as an attacker's client sends them.
"""

from urllib.parse import quote

from .urlconf_walk import Endpoint

# name -> percent-encoded value
PINNED = {
    "NUL": "%00",
    "NUL in text": "token%00expired",
    "superscript two": "%C2%B2",  # str.isdigit() accepts it, int() refuses it
    "circled one": "%E2%91%A0",
    "Arabic-Indic digits": "%D9%A1%D9%A2",  # int() reads them as 12
    "huge number": "9" * 30,
    "negative": "-1",
    "overlong": "x" * 5000,
    "RTL override": quote("\u202etoken"),
    "lone surrogate": "%ED%A0%80",
    "invalid UTF-8": "%FF%FE",
    "CR LF": "%0D%0ASet-Cookie:%20x=1",
    "dot segments": "..%2F..%2Fetc%2Fpasswd",
    "markup": quote('"><script>alert(1)</script>'),
}

# Every query-string and form field name a view or form of the site reads, so each reaches
# its parser with the hostile value (plus the hostile value itself as a field name).
FIELDS = [
    "q", "system", "article", "issue", "page", "limit", "prefer", "sl", "token", "feedback",
    "next", "clear", "done", "outcome", "helpful", "reasons", "comment", "export",
]  # fmt: skip


def encoded(text: str) -> str:
    return quote(text, safe="")


def query(value: str) -> str:
    """A query string (or form body) giving every known field, and a field named by it, `value`."""
    return "&".join(f"{name}={value}" for name in FIELDS) + f"&{value}={value}"


def path_variants(endpoint: Endpoint, reals: tuple[str, ...], value: str):
    """The endpoint's path with each parameter replaced by `value`, suffixed with it, and with
    it inserted where the real value has a separator ("slug%00/1")."""
    for i in range(len(endpoint.params)):
        real = reals[i]
        cut = real.find("/") if "/" in real else len(real) // 2
        for part in (value, real + value, real[:cut] + value + real[cut:]):
            parts = list(reals)
            parts[i] = part
            yield endpoint.route.format(*parts)


def requests_for(endpoint: Endpoint, reals: tuple[str, ...], value: str):
    """(method, path, query string, form body) of each way `value` reaches the endpoint."""
    path = endpoint.route.format(*reals)
    yield "GET", path, query(value), None
    yield "POST", path, query(value), query(value)
    for hostile_path in path_variants(endpoint, reals, value):
        yield "GET", hostile_path, "", None
        yield "POST", hostile_path, "", "done=1&outcome=helpful"
