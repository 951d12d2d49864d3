"""Result snippets: the best-matching sentence of a scenario, escaped, with <mark> on the
words that matched the query (matched by index term, so "synchronised" marks "synchronized")."""

import re
from functools import lru_cache
from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper

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


# Text -> where each index term occurs in it. Reading a step's words and their terms was most
# of a results list's cost (a regex pass, a Markdown clean-up and a cache lookup per word, for
# every step of every hit); the same scenarios come up for query after query, so their texts
# are read once and each query only looks its own terms up. About 1 KB a text: at most ~6 MB.
SYMPTOM_CACHE_SIZE = 2048
STEPS_CACHE_SIZE = 512  # scenarios, each with all its steps (about 8 on average)
# (text, term -> where it occurs, whether the text holds a character to escape)
Words = tuple[str, dict[str, tuple[tuple[int, int], ...]], bool]
_SPECIAL = re.compile(r"[&<>\"']")


def _read(text: str) -> Words:
    where: dict[str, list[tuple[int, int]]] = {}
    for match in _WORD.finditer(text):
        for term in _word_terms(match.group()):
            where.setdefault(term, []).append(match.span())
    spans = {term: tuple(found) for term, found in where.items()}
    return text, spans, _SPECIAL.search(text) is not None


@lru_cache(maxsize=SYMPTOM_CACHE_SIZE)
def _symptom_words(symptom: str) -> Words:
    return _read(" ".join(symptom.split()))


@lru_cache(maxsize=STEPS_CACHE_SIZE)
def _steps_words(steps: tuple[str, ...]) -> tuple[tuple[Words, ...], dict[str, tuple[int, ...]]]:
    """Each step's words, and term -> the steps holding it, in order: a query's terms then
    lead straight to the few steps that can show them."""
    words = tuple(_read(plain(step)) for step in steps)
    holding: dict[str, list[int]] = {}
    for i, step in enumerate(words):
        for term in step[1]:
            holding.setdefault(term, []).append(i)
    return words, {term: tuple(found) for term, found in holding.items()}


def _marked_words(words: Words, terms: set[str]) -> list[tuple[int, int]]:
    """Spans of the words with a term in `terms`, in text order."""
    return _spans(words[1], words[1].keys() & terms)


def _spans(where: dict, hit: set[str]) -> list[tuple[int, int]]:
    found = [where[t] for t in hit]
    if len(found) == 1:
        return list(found[0])
    return sorted({span for spans in found for span in spans})


def snippet(symptom: str, steps: list[str], terms: set[str]) -> str:
    """HTML: the symptom when it matches, else the step matching most query words."""
    best = _symptom_words(symptom)
    best_spans = _marked_words(best, terms)
    if len(best_spans) < 2:
        best_count = _distinct(best[0], best_spans)
        words_of, holding = _steps_words(tuple(steps))
        hit_terms = holding.keys() & terms
        # Only the steps holding a query term, in order (the first of equals wins).
        for i in sorted({i for term in hit_terms for i in holding[term]}):
            words = words_of[i]
            where = words[1]
            hit = where.keys() & terms
            # A step with no more marked words than the best so far cannot win: most steps
            # are passed over without listing their spans.
            if sum(len(where[t]) for t in hit) <= best_count:
                continue
            spans = _spans(where, hit)
            if len(spans) > best_count and (count := _distinct(words[0], spans)) > best_count:
                best, best_spans, best_count = words, spans, count
    return _render(best, best_spans)


def _distinct(text: str, spans: list[tuple[int, int]]) -> int:
    return len({text[a:b].lower() for a, b in spans})


def _render(words: Words, spans: list[tuple[int, int]]) -> str:
    text, _, special = words
    esc = escape if special else str  # most texts hold nothing to escape
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
        out += [esc(text[last:a]), "<mark>", esc(text[a:b]), "</mark>"]
        last = b
    out.append(esc(text[last:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)
