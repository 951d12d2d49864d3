"""Generated hostile search input for the suite (bench/support.py keeps a copy for
bench/hostile_search.py, which imports nothing from tests/: change both).

Query syntax people paste by accident or on purpose (quotes, field prefixes, wildcards, boolean
words, brackets), bytes that break parsers and databases (control characters, NUL, lone
combining marks), right-to-left text and emoji, and pastes of up to 10 KB.
"""

from urllib.parse import urlencode

from hypothesis import strategies as st

SYNTAX = [
    '"', "'", '"unbalanced', "title:", "symptom:", "slug:", "steps:", "*", "?", "*sync*", "sy?c",
    "AND", "OR", "NOT", "NOT AND", "AND OR NOT", "(", ")", "(((", ")))", "[", "]", "{", "}",
    "[a TO z]", "{a TO}", "~", "~2", "^", "^10", "\\", "/", "//", "-", "+", "!", "&&", "||",
    ":", "::", "%", "%00", "&q=", "#", ";", "<", ">", "</mark>", "<script>", "' OR 1=1 --",
    "${x}", "{{ x }}", "{% x %}",
]  # fmt: skip
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x1b", "\x7f", "\t", "\n", "\r", "\x0b", "\x0c",
           "\u0085", "\u2028", "\u200b", "\u200d", "\ufeff", "\ufffe", "\uffff"]
RTL = ["\u202e", "\u202b", "\u200f", "שלום עולם", "مرحبا بالعالم", "\u05d0\u0301\u0301"]
EMOJI = ["😀", "🔥", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇬🇧", "\U0001f9d1\U0001f3fd\u200d\U0001f4bb"]
WORDS = ["contact", "sync", "synchronised", "token", "expired", "matter", "legal", "tracker",
         "PM", "LA", "TR", "webhook", "how", "to", "the", "a"]
MAX_PASTE = 10 * 1024

token = st.sampled_from(SYNTAX + CONTROL + RTL + EMOJI + WORDS)
# Any code point a URL can carry (surrogates cannot be encoded as UTF-8, so no client sends them).
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
mixed = st.lists(st.one_of(token, any_text), min_size=1, max_size=12).map(
    lambda parts: st_join(parts)
)
paste = st.tuples(st.lists(st.one_of(token, any_text), min_size=1, max_size=6),
                  st.integers(1024, MAX_PASTE)).map(lambda t: (st_join(t[0]) * MAX_PASTE)[: t[1]])

hostile_query = st.one_of(token, any_text, mixed, mixed, paste)


def st_join(parts) -> str:
    return " ".join(parts) if len(parts) % 2 else "".join(parts)


def search_requests(q: str):
    """Every way a query reaches search: the page, its HTMX fragment, filters, and the API."""
    yield "page", "/search?" + urlencode({"q": q}), {}
    yield "fragment", "/search?" + urlencode({"q": q}), {"HTTP_HX_REQUEST": "true"}
    yield "page+filters", "/search?" + urlencode(
        {"q": q, "system": q[:50], "article": q[:50], "issue": q[:50], "page": q[:5]}
    ), {}
    yield "api", "/api/search?" + urlencode({"q": q}), {}
    yield "api+limit", "/api/search?" + urlencode({"q": q, "limit": q[:5] or "0"}), {}
