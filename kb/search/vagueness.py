"""Queries too vague to rank: words that only say something is wrong, or no clear leader.

"error", "help", "it doesnt work": every word is a stop word or a *generic* word (one that says
something is wrong without saying what), typos of them included ("eror", "not workng"). Such a
query has no answer to rank; whatever it matches ("work" in "Integration Not Working") is
chance. A *flat* answer is that of a short query (FLAT_MAX_CONCEPTS words or phrases at most,
naming no product) whose first FLAT_MIN results all score close to the top one and share no
product ("sync", "contact"): the words hold, but only the product tells the answers apart.

Both come from the analyser's terms and the scores, never from a list of queries; the search
page then asks which product, then which symptom (kb.search.guide), instead of answering.
"""

import re
from functools import cache

from .analysis import STOP_WORDS, TOKEN_PATTERN, analyze_terms
from .plan import Concept, Plan
from .refinement import CLOSE_RATIO

# Words that say something is wrong, or ask for help, and nothing about what. Stop words
# ("error", "help", "issue", "problem", "not", "doesn't") are generic already.
GENERIC_WORDS = """
    work works working worked broken break breaks breaking broke fail fails failing failed
    failure failures wrong crash crashes crashing crashed bug bugs buggy glitch glitches fault
    faulty trouble troubles stuck stop stops stopped fix fixed fixing weird strange odd happen
    happens happening happened something anything nothing everything thing things stuff
    properly correctly right again suddenly message messages occurred occur occurs urgent
    need needs want try trying tried hello hi thanks thank system systems software app
    application program down
""".split()

FLAT_MAX_CONCEPTS = 2  # longer queries say enough: a close call is the clarifying question's
FLAT_MIN = 4  # results close to the top one, at least, for an answer to be flat
FLAT_RATIO = CLOSE_RATIO  # "close", as the clarifying question reads it
MAX_TYPO = 1  # an unknown word this near a generic word (a swap is one edit) is one too


@cache
def _generic_terms() -> frozenset[str]:
    return frozenset(t for word in GENERIC_WORDS for t in analyze_terms(word))


@cache
def _generic_surface() -> frozenset[str]:
    return frozenset(GENERIC_WORDS) | {w.replace("'", "") for w in STOP_WORDS if len(w) > 2}


def _variants(word: str) -> set[str]:
    """The word and each string one deletion from it: two words within one edit (a swap
    included) always share one, so only words sharing one need the exact check."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


@cache
def _surface_by_variant() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for g in _generic_surface():
        for v in _variants(g):
            index.setdefault(v, set()).add(g)
    return {v: frozenset(gs) for v, gs in index.items()}


def near_generic(word: str) -> bool:
    """Whether `word` is within MAX_TYPO edits of a generic or stop word ("eror", "hepl")."""
    index = _surface_by_variant()
    candidates = set().union(*(index.get(v, ()) for v in _variants(word)))
    return any(_near(word, g) for g in candidates)


def generic_only(p: Plan) -> bool:
    """True when the query has words and each is a stop word or a generic word."""
    if not re.search(TOKEN_PATTERN, p.text):
        return False
    return all(_generic(concept) for concept in p.concepts)


def _generic(concept: Concept) -> bool:
    generic = _generic_terms()
    typed = concept.alternatives[0][0]
    if all(term in generic for term in typed):
        return True
    if concept.guessed:  # "workng": the index's nearest word decides
        return concept.alternatives[1][0][0] in generic
    if not concept.known:  # "eror", "hepl": no index word near, but a generic one is
        word = concept.word.lower()
        return len(word) >= 3 and near_generic(word)
    return False


def _near(a: str, b: str) -> bool:
    """Within MAX_TYPO edits (insert, delete, substitute, swap of neighbours)."""
    if abs(len(a) - len(b)) > MAX_TYPO:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) <= 1:
            return True
        i, j = diffs[0], diffs[-1]
        return len(diffs) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def flat(p: Plan, ranked) -> bool:
    """True for a short query naming no product whose first FLAT_MIN ranked documents
    (kb.search.scoring.Ranked) all score close to the top, no product common to them all."""
    if p.named or sum(not _generic(c) for c in p.concepts) > FLAT_MAX_CONCEPTS:
        return False
    head = ranked[:FLAT_MIN]
    if len(head) < FLAT_MIN or head[0].score <= 0:
        return False
    if min(r.score for r in head) < FLAT_RATIO * max(r.score for r in head):
        return False
    shared = set(head[0].fields["display"]["system_slugs"])
    for r in head[1:]:
        shared &= set(r.fields["display"]["system_slugs"])
    return not shared


def vagueness(p: Plan, ranked) -> str:
    """The kind of vagueness: "generic", "flat", or "" for a query to answer."""
    if generic_only(p):
        return "generic"
    return "flat" if flat(p, ranked) else ""
