"""Result snippets: the best-matching sentence of a scenario, escaped, with <mark> on the
words that matched the query (matched by index term, so "synchronised" marks "synchronized")."""

import re
from functools import lru_cache

from django.utils.html import escape

from .analysis import analyze_terms

SNIPPET_CHARS = 220
_MARKDOWN = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: keep the words
    (re.compile(r"\*\*|__|`"), ""),  # emphasis and code marks ("Admin > Firm" stays)
    (re.compile(r"\s+"), " "),
]
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def plain(text: str) -> str:
    for pattern, repl in _MARKDOWN:
        text = pattern.sub(repl, text)
    return text.strip()


@lru_cache(maxsize=100_000)
def _word_terms(word: str) -> frozenset[str]:
    return frozenset(analyze_terms(word))


def _marked_words(text: str, terms: set[str]) -> list[tuple[int, int]]:
    spans = []
    for match in _WORD.finditer(text):
        if _word_terms(match.group()) & terms:
            spans.append(match.span())
    return spans


def snippet(symptom: str, steps: list[str], terms: set[str]) -> str:
    """HTML: the symptom when it matches, else the step matching most query words."""
    best_text = " ".join(symptom.split())
    best_spans = _marked_words(best_text, terms)
    if len(best_spans) < 2:
        for step in steps:
            text = plain(step)
            spans = _marked_words(text, terms)
            if len({text[a:b].lower() for a, b in spans}) > len(
                {best_text[a:b].lower() for a, b in best_spans}
            ):
                best_text, best_spans = text, spans
    return _render(best_text, best_spans)


def _render(text: str, spans: list[tuple[int, int]]) -> str:
    start = 0
    if len(text) > SNIPPET_CHARS:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - 60, len(text) - SNIPPET_CHARS))
        if start:
            start = text.find(" ", start) + 1 or start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    out, last = ["…" if start else ""], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out += [escape(text[last:a]), "<mark>", escape(text[a:b]), "</mark>"]
        last = b
    out.append(escape(text[last:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)
