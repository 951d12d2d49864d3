"""Hostile text for XSS tests, and an HTML inspector that finds anything it managed to inject.

The inspector parses a response as a browser would read its markup (html.parser, character
references decoded) and reports any element, attribute or URL that could run script, rather than
string-searching the bytes (an escaped `&lt;script&gt;` is harmless text and must not count).
"""

from html.parser import HTMLParser

MARK = "xssmark"

# Each one is a way of getting script into a page: a raw element, an event handler, breaking
# out of an attribute, a javascript: URL (raw HTML and Markdown), and closing a textarea/title.
PAYLOADS = [
    f'<script>alert("{MARK}1")</script>',
    f'<img src=x onerror=alert("{MARK}2")>',
    f'"><svg onload=alert("{MARK}3")>',
    f"' onmouseover='alert(\"{MARK}4\")' x='",
    f'[click me](javascript:alert("{MARK}5"))',
    f"<a href=\"javascript:alert('{MARK}6')\">open</a>",
    f"<iframe src=\"javascript:alert('{MARK}7')\"></iframe>",
    f'</textarea></title><script>alert("{MARK}8")</script>',
    f'<a href="jav&#x09;ascript:alert(\'{MARK}9\')">tab</a>',
]
HOSTILE = " ".join(PAYLOADS)
# Search marks the query's words (and their synonyms) in a result's snippet, and a <mark> inside
# a payload breaks it (<<mark>script</mark>> is no tag), so an unescaped snippet would slip past
# PAYLOADS. These share no word with SNIPPET_QUERY and reach the snippet whole.
SNIPPET_QUERY = "ledger export"
SNIPPET_HOSTILE = " ".join([
    f'<details open ontoggle=confirm("{MARK}11")>',
    f"<a href=\"javascript:confirm('{MARK}12')\">go</a>",
    f'<script>confirm("{MARK}13")</script>',
])
# Fits a 200-character title and still tries four ways in.
SHORT = f'<script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)> {MARK}'
JS_URL = f"javascript:alert('{MARK}')"

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "poster", "background", "xlink:href",
    "hx-get", "hx-post", "hx-put", "hx-delete", "hx-patch",
}  # fmt: skip
ACTIVE_ELEMENTS = {"iframe", "object", "embed", "frame", "frameset", "base"}


def _scheme(value: str) -> str:
    # Browsers drop ASCII whitespace and control characters inside a URL's scheme.
    cleaned = "".join(ch for ch in value if ord(ch) > 32).lower()
    return cleaned.split(":", 1)[0] if ":" in cleaned else ""


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = [(name.lower(), value or "") for name, value in attrs]
        where = f"<{tag} {' '.join(n for n, _ in attrs)}>"
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on {where}")
            scheme = _scheme(value) if name in URL_ATTRIBUTES else ""
            # data: is inert as an image or an icon, a document anywhere else.
            if scheme in {"javascript", "vbscript"} or (
                scheme == "data" and tag not in {"img", "link"}
            ):
                self.problems.append(f"{name}={value!r} on {where}")
            if MARK in name:
                self.problems.append(f"injected attribute {name!r} on {where}")
        if tag in ACTIVE_ELEMENTS:
            self.problems.append(f"active element {where}")
        if tag == "script":
            names = dict(attrs)
            self._script = names
            if "src" not in names and "nonce" not in names and names.get("type") != (
                "application/json"
            ):
                self.problems.append(f"inline script without the CSP nonce: {where}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script = None

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            if MARK in data and self._script.get("type") != "application/json":
                self.problems.append(f"hostile text inside a script: {data[:80]!r}")
        else:
            self.text.append(data)


def inspect_html(html: str) -> Inspector:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector
