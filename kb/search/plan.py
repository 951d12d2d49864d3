"""From what a user typed to a query plan: cleaned text, concepts, and the suggestion.

Every input is read as plain words: the plan is built from the analyzer's tokens (never
Whoosh's query parser, whose operators crash on `NOT AND a` and whose wildcards are slow).

Each word (or a multi-word phrase that a synonym names) is a *concept*; a concept matches when
any of its alternatives does: the word itself, its synonyms, its compound form ("web hook" ->
"webhook"), or, for a word the index has never seen, the nearest index words (typos).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from . import naming, synonyms, tuning
from .analysis import query_tokens, stem
from .labels import labels
from .spelling import _known, corrections_for, stem_corrections, surface_word, unprefixed


# How much of a query any search reads (page, API, kb_eval): a pasted page gets results in
# bounded time. The page's own box takes less (kb.views.search_forms.SEARCH_BOX_CHARS).
MAX_QUERY_CHARS = 500

MAX_WORDS = 24

MAX_SUGGESTION_CHARS = 200  # a pasted page gets results, not a rewritten copy of itself

# Control and direction characters, and lone surrogates (no URL can carry one, but a caller in
# Python can, and they cannot be written as UTF-8: the results cache and the JSON API refused).
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


@dataclass
class Concept:
    """One thing the user asked for, and the term sequences that express it."""

    alternatives: list[tuple[tuple[str, ...], float]]  # (terms, weight)
    word: str = ""
    known: bool = True
    guessed: bool = False  # found only through typo corrections of a word the index lacks

    @cached_property
    def terms(self) -> frozenset[str]:
        """Every term of every alternative (made once: a plan's concepts never change)."""
        return frozenset(t for seq, _ in self.alternatives for t in seq)

    @cached_property
    def firsts(self) -> frozenset[str]:
        """The first term of each alternative (made once: a plan's concepts never change)."""
        return frozenset(seq[0] for seq, _ in self.alternatives)


@dataclass
class Plan:
    text: str
    concepts: list[Concept] = field(default_factory=list)
    corrections: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, word
    # Adjacent query words, each as the set of single terms that express it (the word, its
    # one-word synonyms, its typo corrections): "sequnce showing" is near "sequence appears".
    bigrams: list[tuple[frozenset, frozenset]] = field(default_factory=list)
    weighted_bigrams: list = field(default_factory=list)
    named: frozenset[str] = frozenset()  # the system slugs the query names (naming.py)

    @property
    def highlight_terms(self) -> set[str]:
        return {t for c in self.concepts for t in c.terms}


def clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")[: MAX_QUERY_CHARS * 4]
    return _CONTROL.sub(" ", text)[:MAX_QUERY_CHARS]


def _with_synonyms(term: str, weight: float) -> list[tuple[tuple[str, ...], float]]:
    alts = [((term,), weight)]
    for _, others in synonyms.alternatives([term], 0):
        alts += [(seq, weight * tuning.SYNONYM_WEIGHT) for seq in others]
    return alts


def plan(snap, text: str) -> Plan:
    text = clean(text)
    result = Plan(text=text)
    tokens = query_tokens(text, limit=MAX_WORDS)
    terms = [t for _, t, _, _ in tokens]
    seen = set()
    i = 0
    while i < len(tokens):
        word, term, start, end = tokens[i]
        if term in seen and not synonyms.alternatives(terms, i):
            i += 1  # a repeated word adds nothing but cost
            continue
        seen.add(term)
        span, alts, guessed = 1, [((term,), 1.0)], False
        matches = synonyms.alternatives(terms, i)
        if matches:
            span, others = matches[0]
            alts = [(tuple(terms[i : i + span]), 1.0)]
            alts += [(s, tuning.SYNONYM_WEIGHT) for s in others]
        elif i + 1 < len(tokens) and snap.frequency("words", word + tokens[i + 1][0]):
            # "web hook" typed for "webhook": the joined word is what the index knows.
            span = 2
            alts = [(tuple(terms[i : i + 2]), 1.0), ((stem(word + tokens[i + 1][0]),), 1.0)]
        known = any(_known(snap, t) for seq, _ in alts for t in seq)
        if not known and span == 1:
            base = unprefixed(snap, word)
            if base:
                # "reauthenticate", "unsynchronised": the index knows the word without prefix.
                alts += _with_synonyms(stem(base), tuning.PREFIX_WEIGHT)
                known = True
        if not known and span == 1:
            fixes = [(stem(c), d, c) for c, d in corrections_for(snap, word)]
            fixes = fixes or [
                (c, d, surface_word(snap, c)) for c, d in stem_corrections(snap, term)
            ]
            for fixed, dist, _ in fixes:
                alts += _with_synonyms(fixed, tuning.FUZZY_WEIGHT[dist])
            if fixes:
                known = guessed = True
                if fixes[0][2]:
                    result.corrections.append((start, end, fixes[0][2]))
        result.concepts.append(Concept(alternatives=alts, word=word, known=known, guessed=guessed))
        i += span
    result.named = naming.named_systems(terms, result.concepts, labels()["names"])
    live = [c for c in result.concepts if c.known]
    for a, b in zip(live, live[1:], strict=False):
        if len(a.alternatives[0][0]) == 1 and len(b.alternatives[0][0]) == 1:
            result.bigrams.append((_single_terms(a), _single_terms(b)))
    return result


def _single_terms(concept: Concept) -> frozenset:
    return frozenset(seq[0] for seq, _ in concept.alternatives if len(seq) == 1)


def suggestion(p: Plan) -> str | None:
    if not p.corrections or len(p.text) > MAX_SUGGESTION_CHARS:
        return None
    out, last = [], 0
    for start, end, word in p.corrections:
        out += [p.text[last:start], word]
        last = end
    out.append(p.text[last:])
    return re.sub(r"\s+", " ", "".join(out)).strip()
