"""From what a user typed to ranked scenario documents.

Every input is read as plain words: the query is built from the analyzer's tokens (never
Whoosh's query parser, whose operators crash on `NOT AND a` and whose wildcards are slow).

Each word (or a multi-word phrase that a synonym names) is a *concept*; a concept matches when
any of its alternatives does: the word itself, its synonyms, its compound form ("web hook" ->
"webhook"), or, for a word the index has never seen, the nearest index words (typos).
Documents matching every concept come first (conjunctive first, which is also what keeps large
indexes fast); looser matches fill the list: every concept but one that typo correction guessed,
then any concept. The final order is the BM25F score scaled by how
much of the query a document covers, plus bonuses for query words found side by side in the
title, symptom or steps, for the whole query within a short stretch of one of them, and for a
run of its words quoted in order. Scenarios of the searcher's own products (`prefer`) count
more.
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice, zip_longest

from . import naming, synonyms
from .analysis import query_tokens, stem
from .engines.base import group_counts
from .labels import articles_about, labels
from .schema import FIELD_COVERAGE, FIELD_LENGTHS, PHRASE_FIELDS, TEXT_FIELDS

MAX_QUERY_CHARS = 500
MAX_WORDS = 24
MAX_SUGGESTION_CHARS = 200  # a pasted page gets results, not a rewritten copy of itself
MAX_FUZZY = 3  # index words tried per misspelt word
CANDIDATES = 60  # documents reranked
# Fewer than this many documents with every concept (and every concept but a guessed one), and
# looser matches top the candidates up to it. A scenario that lacks one of the query's words is
# otherwise never reranked while a handful of others hold them all: at 100k, "trust balance not
# visible on matter in PM" found 10 such look-alikes, and the seed answer, which lacks "trust"
# and holds everything else in its title, would have come first. bench/ranking_sweep.py
# (BENCHMARKS.md, thirteenth round): at 100k over three noise seeds held-out 2 +2 queries each,
# held-out +1 on two; seed content and 10k unchanged; 10k API requests 1-2% slower.
MIN_CANDIDATES = 30
# The searcher's own products (a preference they set, `prefer`): up to PREFER_CANDIDATES more
# candidates from those products, and their scenarios count PREFER_BOOST times as much. In a
# knowledge base for many products the same symptom recurs in each ("Time entry fails to save
# in ..."): which product the user works with is what tells those answers apart. At 100k, with
# the seed content's four products chosen, dev top1 0.875 -> 0.969 (a boost of 1.5: 0.938; 3:
# 1.000); 300 synthetic titles, each naming its product, still find that product first, all 300
# (BENCHMARKS.md, sixth round).
PREFER_CANDIDATES = 30
PREFER_BOOST = 2.0
# A product the query names ("one field not coming across from legal tracker", "matters stuck
# not syncing PM"; naming.py): its scenarios, and those of articles about it (an integration's
# article covers both ends, while each scenario is filed under one), count NAMED_BOOST times
# as much, and candidates come from it as from the searcher's own products. The name still
# counts as words: two answers of one product, filed under either end of an integration, are
# told apart by it. What the query names is what this search is about: the searcher's own
# products (`prefer`) count for nothing then (NAMES_OVERRIDE_PREFER), or a visitor who chose
# Practice Management got its contact scenario first for "contact not syncing to legal
# accounting". bench/ranking_sweep.py (BENCHMARKS.md, fourteenth round): held-out 2 +1 query on
# the seed content, +2 at 10k and at 100k over three noise seeds (a boost of 2: +1; 4 to 10 the
# same); with Practice Management preferred, on the seed content, dev 0.969 -> 1.000 and three
# held-out queries gained; nothing lost but one held-out-3 query with Legal Accounting preferred.
NAMED_BOOST = 4.0
NAMES_OVERRIDE_PREFER = True
PHRASE_BOOST = 1.5
BM25_K1 = 1.2
BM25_B = 0.5
COVERAGE_POWER = 2  # matching most of the query beats matching one word often
# The coverage weighs each concept by the square root of its idf, not by the idf itself. On a
# large index the idf spreads from 1 to 11: a word that only a few scenarios use ("TR",
# "needs", "between") weighed ten times a field word ("token", "expired"), and a scenario
# holding that one word covered 80% of "TR token expired" while the one holding all three lost.
# The root keeps a product named in full ("legal accounting") ahead of a common word of its name
# ("accounting"), which counting every concept alike (Lucene's classic "coord") does not.
# bench/ranking_sweep.py (BENCHMARKS.md, thirteenth round): at 100k, over three noise seeds,
# held-out 0.700-0.725 -> 0.750, held-out 2 0.739 -> 0.766-0.775 (with the seed's products
# preferred 0.850 -> 0.900 and 0.856 -> 0.892); seed content and the dev set unchanged; 10k
# held-out 2 0.847 -> 0.838, a query that misses on the seed content alone too.
COVERAGE_IDF_POWER = 0.5
# Every query word within a short stretch of one field (m words within m + WINDOW_GAP * (m - 1)
# terms: "user disabled security" in "ensure the user is not disabled in security"): in a step,
# the words are what that step is about, not incidental, and count as covered WINDOW_COVERAGE
# however little a step covers alone (FIELD_COVERAGE); in any phrase field the score gains
# WINDOW_BOOST times the query's weight over the stretch's length. Measured with
# bench/ranking_misses.py (BENCHMARKS.md, fifth round): unchanged on the seed content, dev top1
# 0.750 -> 0.844 at 10k.
WINDOW_GAP = 3
WINDOW_FIELDS = ("steps",)
WINDOW_COVERAGE = 0.9
WINDOW_BOOST = 0.5
# Three or more query words in a row, in the query's order, in one field (stop words aside),
# and at most one query concept (a word, or a phrase such as "time entry") outside that run: the
# user is quoting the text ("integration user status disconnected" is a step's "Integration User
# status is in disconnected"). The score gains RUN_BOOST times the run's words' weight, times the
# share of the query the run holds, times the field's weight against the title's.
# bench/ranking_misses.py (BENCHMARKS.md, sixth round): top1 at 100k dev 0.781 -> 0.812,
# held-out 2 0.667 -> 0.685; at 10k dev 0.844 -> 0.875; seed held-out 0.925 -> 0.950.
RUN_BOOST = 1.0
RUN_MIN = 3
RUN_SLACK = 1
PHRASE_SLOP = 2  # "contact number" also counts in "contact's record number"
SYNONYM_WEIGHT = 0.9
PREFIX_WEIGHT = 0.8
PREFIXES = ("re", "un", "de", "dis", "mis", "pre", "non")
FUZZY_WEIGHT = {1: 0.8, 2: 0.55}
# Control and direction characters, and lone surrogates (no URL can carry one, but a caller in
# Python can, and they cannot be written as UTF-8: the results cache and the JSON API refused).
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


# A document's analysed terms per field (tuples as decoded for the rerank; lists elsewhere).
Fields = dict[str, Sequence[str]]


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


def _known(snap, term: str) -> bool:
    return bool(snap.frequency("body", term))


def _osa_distance(a: str, b: str, cap: int) -> int:
    """Edit distance counting an adjacent swap as one edit ("sycn" -> "sync")."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


NEAR_MEMO_SIZE = 20_000


Near = tuple[tuple[int, int, str], ...]


def _near(snap, fieldname: str, word: str, maxdist: int) -> Near:
    """(distance, -frequency, term) of the terms of a field near `word`, remembered per snapshot.

    Finding them was half of a search on a small index (most words of a query are unknown
    there). A snapshot sees one fixed state of the index, and a changed index gets a new one, so
    the answer can be kept for the snapshot's life; people's words repeat, so most plans find it.
    """
    memo = snap.memo
    key = (fieldname, word, maxdist)
    found = memo.get(key)  # one lookup: another thread may clear the memo between two
    if found is None:
        if len(memo) >= NEAR_MEMO_SIZE:
            memo.clear()
        found = memo[key] = _find_near(snap, fieldname, word, maxdist)
    return found


def _find_near(snap, fieldname: str, word: str, maxdist: int) -> Near:
    candidates = set(snap.terms_within(fieldname, word, maxdist))
    # Levenshtein counts a swap as two edits: add swaps explicitly.
    for i in range(len(word) - 1):
        swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if snap.frequency(fieldname, swapped):
            candidates.add(swapped)
    scored = []
    for cand in candidates:
        dist = _osa_distance(word, cand, maxdist)
        # In a four-letter word one changed letter mostly spells another real word ("used",
        # "user"): only a swap ("sycn") or a dropped letter ("tokn") is read as a typo there.
        if len(word) == 4 and sorted(cand) != sorted(word) and not _dropped_letter(word, cand):
            continue
        if cand != word and dist <= maxdist:
            scored.append((dist, -snap.frequency(fieldname, cand), cand))
    return tuple(scored)


def _dropped_letter(typed: str, word: str) -> bool:
    """True when `typed` is `word` with one letter left out ("tokn" for "token")."""
    return len(word) == len(typed) + 1 and any(
        word[:i] + word[i + 1 :] == typed for i in range(len(word))
    )


def _max_distance(word: str) -> int:
    return 0 if len(word) < 4 or not word.isalpha() else 1 if len(word) < 7 else 2


def corrections_for(snap, word: str) -> list[tuple[str, int]]:
    """Index words within a small edit distance of `word`, nearest and most common first."""
    maxdist = _max_distance(word)
    if not maxdist:
        return []
    return [
        (cand, dist) for dist, _, cand in sorted(_near(snap, "words", word, maxdist))[:MAX_FUZZY]
    ]


def stem_corrections(snap, term: str) -> list[tuple[str, int]]:
    """Index stems near a stem: "syncronization" -> "syncron" ~ "synchron", where no whole
    word of the index is near enough."""
    maxdist = min(_max_distance(term), 1)
    if not maxdist:
        return []
    return [
        (cand, dist) for dist, _, cand in sorted(_near(snap, "body", term, maxdist))[:MAX_FUZZY]
    ]


def surface_word(snap, term: str) -> str | None:
    """The commonest index word with this stem, for a readable suggestion."""
    words = [(snap.frequency("words", w), w) for w in snap.expand_prefix("words", term)]
    words = [(n, w) for n, w in words if stem(w) == term]
    return max(words)[1] if words else None


def unprefixed(snap, word: str) -> str | None:
    """The word without a derivational prefix, when the index knows that and not the word."""
    for prefix in PREFIXES:
        if word.startswith(prefix):
            rest = word[len(prefix) :].lstrip("-")
            if len(rest) >= 4 and _known(snap, stem(rest)):
                return rest
    return None


def _with_synonyms(term: str, weight: float) -> list[tuple[tuple[str, ...], float]]:
    alts = [((term,), weight)]
    for _, others in synonyms.alternatives([term], 0):
        alts += [(seq, weight * SYNONYM_WEIGHT) for seq in others]
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
            alts = [(tuple(terms[i : i + span]), 1.0)] + [(s, SYNONYM_WEIGHT) for s in others]
        elif i + 1 < len(tokens) and snap.frequency("words", word + tokens[i + 1][0]):
            # "web hook" typed for "webhook": the joined word is what the index knows.
            span = 2
            alts = [(tuple(terms[i : i + 2]), 1.0), ((stem(word + tokens[i + 1][0]),), 1.0)]
        known = any(_known(snap, t) for seq, _ in alts for t in seq)
        if not known and span == 1:
            base = unprefixed(snap, word)
            if base:
                # "reauthenticate", "unsynchronised": the index knows the word without prefix.
                alts += _with_synonyms(stem(base), PREFIX_WEIGHT)
                known = True
        if not known and span == 1:
            fixes = [(stem(c), d, c) for c, d in corrections_for(snap, word)]
            fixes = fixes or [
                (c, d, surface_word(snap, c)) for c, d in stem_corrections(snap, term)
            ]
            for fixed, dist, _ in fixes:
                alts += _with_synonyms(fixed, FUZZY_WEIGHT[dist])
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


@dataclass
class Ranked:
    docnum: int
    score: float
    fields: dict


def _idf(snap, concept: Concept, total: int) -> float:
    """How telling the concept is. A multi-word alternative is as rare as its rarest word
    ("practice management" is rare even where "management" is common); the concept is as common
    as its commonest alternative."""
    df = max(
        (min(snap.frequency("body", t) for t in seq) for seq, _ in concept.alternatives),
        default=0,
    )
    return math.log(1 + total / (1 + df))


def _near_pairs(seq: Sequence[str], a: frozenset, b: frozenset) -> bool:
    positions = [i for i, t in enumerate(seq) if t in a]
    return any(not b.isdisjoint(seq[i + 1 : i + 1 + PHRASE_SLOP]) for i in positions)


def term_fields(
    fields: Fields, wanted: frozenset | None = None, counts: dict | None = None
) -> dict[str, dict[str, int]]:
    """term -> {field: times it occurs there}, over the weighted fields; only the `wanted`
    terms when given (a query's: the rerank asks about nothing else, and counting a handful of
    terms is a fraction of counting every term of a document). `counts`: field -> term ->
    times, already counted for the long fields (see LONG_FIELD)."""
    where: dict[str, dict[str, int]] = {}
    for name in TEXT_FIELDS:
        seq = fields.get(name)
        if not seq:
            continue
        if wanted is None:
            pairs = Counter(seq).items()
        elif counts and name in counts:  # a few lookups instead of a pass over the whole field
            counted = counts[name]
            pairs = [(term, counted[term]) for term in counted.keys() & wanted]
        else:
            pairs = [(term, seq.count(term)) for term in wanted.intersection(seq)]
        for term, n in pairs:
            found = where.get(term)
            if found is None:
                where[term] = {name: n}
            else:
                found[name] = n
    return where


def field_units(fields: Fields) -> dict[str, float]:
    """Each field's boost over its length norm (BM25F): what one occurrence there is worth."""
    return {
        name: boost / (1 - BM25_B + BM25_B * len(fields[name]) / FIELD_LENGTHS[name])
        for name, boost in TEXT_FIELDS.items()
        if fields.get(name)
    }


class DocTerms:
    """A candidate's terms as the rerank reads them for one query: where each occurs (`where`,
    from term_fields; only the query's terms, `wanted`, when given), each field's boost over its
    length norm (`per_unit`, from field_units, when already made), and, per term asked about,
    its boosted, length-normalised count over all fields and the best coverage among them."""

    __slots__ = ("fields", "where", "per_unit", "wanted", "_single", "_positions", "_found_in")

    def __init__(self, fields: Fields, wanted=None, per_unit=None, counts=None):
        self.fields = fields
        self.wanted = wanted
        self._positions: dict[str, dict[str, list[int]]] = {}
        self.where = term_fields(fields, wanted, counts)
        self.per_unit = field_units(fields) if per_unit is None else per_unit
        self._single: dict[str, tuple[float, float]] = {}
        self._found_in: dict[frozenset, set[str]] = {}

    def fields_of(self, terms: frozenset) -> set[str]:
        """The fields holding any of `terms` (asked of each concept by the window, the run and
        the pair bonus alike, so remembered for one query's terms). Not to be changed by the
        caller."""
        if self.wanted is None:
            # Every term's: kept with a small index's document for every query (see
            # FULL_TERMS_DOCS), so only what is bounded by the document's own words is
            # remembered (`_single`, `_positions`), not the query's concepts.
            return _fields_of(self.where, terms)
        memo = self._found_in
        found = memo.get(terms)
        if found is None:
            found = memo[terms] = _fields_of(self.where, terms)
        return found

    def single(self, term: str) -> tuple[float, float]:
        found = self._single.get(term)
        if found is None:
            in_fields = self.where.get(term)
            if not in_fields:
                return (0.0, 0.0)  # not remembered: only the document's own words are
            per_unit = self.per_unit
            tf = cover = 0.0
            for name, n in in_fields.items():  # a loop: generators cost more, per term
                tf += n * per_unit[name]
                if FIELD_COVERAGE[name] > cover:
                    cover = FIELD_COVERAGE[name]
            found = self._single[term] = (tf, cover)
        return found

    def positions(self, name: str) -> dict[str, list[int]]:
        """term -> where it occurs in one field (the wanted terms only, when given), made on
        first use."""
        found = self._positions.get(name)
        if found is None:
            found = {}
            wanted = self.wanted
            for i, term in enumerate(self.fields.get(name, ())):
                if wanted is None or term in wanted:
                    found.setdefault(term, []).append(i)
            self._positions[name] = found  # whole: another thread may read it at once
        return found


def _span(hits: list[tuple[int, int]], n: int) -> int | None:
    """The fewest positions holding all `n` concepts; `hits`: (position, concept), in order."""
    counts: dict[int, int] = {}
    best = None
    left = 0
    for pos, concept in hits:
        counts[concept] = counts.get(concept, 0) + 1
        while len(counts) == n:
            first, gone = hits[left]
            if best is None or pos - first + 1 < best:
                best = pos - first + 1
            counts[gone] -= 1
            if not counts[gone]:
                del counts[gone]
            left += 1
    return best


def spans(live: list[Concept], terms: DocTerms) -> dict[str, int]:
    """Phrase field -> the fewest positions holding every live concept there, for the fields
    where they all lie within m + WINDOW_GAP * (m - 1) positions (m concepts)."""
    n = len(live)
    out: dict[str, int] = {}
    if n < 2:
        return out
    shared = set(PHRASE_FIELDS)
    for concept in live:
        shared &= terms.fields_of(concept.firsts)
        if not shared:
            return out
    widest = n + WINDOW_GAP * (n - 1)
    for name in shared:
        positions = terms.positions(name)
        seq_of = terms.fields[name]
        hits = [
            (pos, i)
            for i, concept in enumerate(live)
            for pos, _ in _occurrences(concept, positions, seq_of)
        ]
        hits.sort()
        span = _span(hits, n)
        if span is not None and span <= widest:
            out[name] = span
    return out


def _occurrences(concept: Concept, positions: dict, seq_of: Sequence[str]) -> list[tuple[int, int]]:
    """(position, length) of every place the concept's alternatives occur in one field."""
    found = []
    for alt, _ in concept.alternatives:
        for pos in positions.get(alt[0], ()):
            if len(alt) == 1 or tuple(seq_of[pos : pos + len(alt)]) == alt:
                found.append((pos, len(alt)))
    return found


def runs(live: list[Concept], terms: DocTerms) -> dict[str, tuple[int, int]]:
    """Phrase field -> (first, count) of the longest stretch of consecutive query concepts (in
    the query's order) found at consecutive positions there, when it spans at least RUN_MIN
    words ("save" + "time entry" is three) and leaves out at most RUN_SLACK concepts."""
    out: dict[str, tuple[int, int]] = {}
    needed = max(2, len(live) - RUN_SLACK)
    if len(live) < needed:
        return out
    present = dict.fromkeys(PHRASE_FIELDS, 0)
    for concept in live:
        for name in terms.fields_of(concept.firsts):
            if name in present:
                present[name] += 1
    for name in PHRASE_FIELDS:
        if present[name] < needed:
            continue
        positions, seq_of = terms.positions(name), terms.fields[name]
        best, following = (0, 0, 0), {}
        for i in range(len(live) - 1, -1, -1):
            here: dict[int, tuple[int, int]] = {}  # position -> (concepts, words) from there
            for pos, length in _occurrences(live[i], positions, seq_of):
                k, words = following.get(pos + length, (0, 0))
                here[pos] = max(here.get(pos, (0, 0)), (k + 1, words + length))
            for k, words in here.values():
                if (k, words) > best[1:]:
                    best = (i, k, words)
            following = here
        first, k, words = best
        if k >= needed and words >= RUN_MIN:
            out[name] = (first, k)
    return out


def _field_score(
    fields: Fields, concept: Concept, terms: DocTerms | None = None
) -> tuple[float, float]:
    """BM25F-style: boosted, length-normalised term counts over fields, then saturated; and how
    fully the concept counts as covered (FIELD_COVERAGE of the best field it was found in).
    `terms`: DocTerms(fields), made once per document."""
    if terms is None:
        terms = DocTerms(fields)
    tf = presence = 0.0
    where = terms.where
    for alt, weight in concept.alternatives:
        if alt[0] not in where:  # most alternatives (synonyms, corrections) are not there
            continue
        if len(alt) == 1:
            count, cover = terms.single(alt[0])
            if count:
                tf += weight * count
                presence = max(presence, cover)
            continue
        each = [where.get(t) for t in alt]  # every term of the alternative, in one field
        if all(each):
            for name in each[0]:
                n = min(f.get(name, 0) for f in each)
                if n:
                    tf += weight * n * terms.per_unit[name]
                    presence = max(presence, FIELD_COVERAGE[name])
    return (tf / (BM25_K1 + tf) if tf else 0.0), presence


def _fields_of(where: dict, terms: frozenset) -> set[str]:
    found: set[str] = set()
    for t in terms:
        in_fields = where.get(t)
        if in_fields:
            found.update(in_fields)
    return found


def coverage_shares(weights: list[float]) -> list[float]:
    """How much of the query each concept is, for the coverage (see COVERAGE_IDF_POWER)."""
    roots = [w**COVERAGE_IDF_POWER for w in weights]
    whole = sum(roots) or 1.0
    return [root / whole for root in roots]


def rerank_score(p: Plan, live, weights, fields: Fields, terms=None, shares=None) -> float:
    """Field-weighted relevance of one candidate, scaled by the share of the query it covers
    (see COVERAGE_IDF_POWER; a word met only in the steps covers less than one in the title, unless
    the whole query is met there within a short stretch: see WINDOW_GAP), plus a bonus per pair
    of adjacent query words found side by side in its title, symptom or steps, one for the
    whole query close together, and one for three or more of its words quoted in order (see
    RUN_BOOST). `terms`: DocTerms(fields), `shares`: coverage_shares(weights), when already
    made (both are the same for every candidate of a query)."""
    score = coverage = 0.0
    if terms is None:
        terms = DocTerms(fields)
    close = spans(live, terms)
    floor = WINDOW_COVERAGE if any(name in close for name in WINDOW_FIELDS) else 0.0
    if shares is None:
        shares = coverage_shares(weights)
    for concept, weight, share in zip(live, weights, shares, strict=True):
        s, presence = _field_score(fields, concept, terms)
        if s:
            score += weight * s
            coverage += share * max(presence, floor)
    if close:
        score += WINDOW_BOOST * sum(weights) / min(close.values())
    quoted = runs(live, terms)
    if quoted:
        score += RUN_BOOST * max(
            sum(weights[i : i + k]) * k / len(live) * TEXT_FIELDS[name] / TEXT_FIELDS["title"]
            for name, (i, k) in quoted.items()
        )
    for (a, b), pair_weight in p.weighted_bigrams:
        in_a = terms.fields_of(a)
        in_b = terms.fields_of(b) if in_a else in_a
        for name in PHRASE_FIELDS:
            if name in in_a and name in in_b and _near_pairs(fields[name], a, b):
                score += PHRASE_BOOST * TEXT_FIELDS[name] / TEXT_FIELDS["title"] * pair_weight
                break
    return score * coverage**COVERAGE_POWER


DOC_MEMO_SIZE = 3000  # candidates kept decoded per snapshot (about 10 KB each: 29 MB when full)
# Up to this many scenarios in the index, each decoded document also keeps a DocTerms of every
# term, made once: a query's rerank then looks its terms up instead of finding them in each
# candidate again (a third of a seed-only search's rerank). Larger indexes find them per query:
# every term of a document takes several times the memory of the document itself.
FULL_TERMS_DOCS = 300
_DOCS = "prepared documents"  # their key in the snapshot's memo


# A field longer than this many terms (the steps, nearly always) keeps its term counts with the
# decoded document: finding a query's few terms among them is a few lookups, not a pass over
# the field (3% of a seed-only API request's instructions, most of the 13% saved at 10k:
# BENCHMARKS.md, eleventh round). No new strings: 2 MB with the memo full at 10,000 scenarios.
LONG_FIELD = 32


def _prepared(snap, docnums) -> dict[int, tuple]:
    """docnum -> (stored document, its terms split per field, field_units, term counts of its
    long fields, a DocTerms of every term or None: see FULL_TERMS_DOCS), remembered on the
    snapshot: a scenario that matches common words is a candidate for many searches, and
    decoding its terms again was a fifth of the rerank. A document removed since it matched is
    left out."""
    memo = snap.memo.get(_DOCS)
    if memo is None:
        memo = snap.memo[_DOCS] = {}
    found = {d: memo.pop(d, None) for d in docnums}  # read once: another thread may evict
    for docnum, entry in found.items():
        if entry is not None:
            memo[docnum] = entry  # to the end: the memo drops the least recently used first
    missing = [d for d, entry in found.items() if entry is None]
    if missing:
        _evict(memo, len(memo) + len(missing) - DOC_MEMO_SIZE)
        small = snap.doc_count() <= FULL_TERMS_DOCS
        for docnum, doc in snap.stored_many(missing).items():
            # Tuples: a tuple of strings drops out of the garbage collector's passes, a list
            # stays in them, and the memo holds thousands of these for the process's life.
            fields = {name: tuple(seq.split()) for name, seq in doc["terms"].items()}
            counts = {name: Counter(seq) for name, seq in fields.items() if len(seq) > LONG_FIELD}
            per_unit = field_units(fields)
            every = DocTerms(fields, None, per_unit) if small else None
            found[docnum] = memo[docnum] = (doc, fields, per_unit, counts, every)
    return {d: entry for d, entry in found.items() if entry is not None}


def _evict(memo: dict, n: int) -> None:
    """Drop the n least recently used entries. A few at a time, as a search needs room: emptying
    a full memo at once freed 3,000 documents inside one search (20-30 ms at 10k)."""
    if n > 0:
        for key in list(islice(memo, n)):
            memo.pop(key, None)


def facets_of_prepared(prepared: dict[int, tuple]) -> tuple[int, dict]:
    """The total, and documents per system and per article, of documents already decoded:
    for a short list of candidates, cheaper than asking the index again (snap.facets)."""
    docs = (entry[0] for entry in prepared.values())
    return group_counts(((doc["article_slug"], doc["display"]["system_slugs"]), 1) for doc in docs)


COMMON_SHARE = 10  # a word in more than 1/COMMON_SHARE of the index finds no loose candidates


def loose_concepts(snap, live: list[Concept]) -> list[Concept]:
    """The concepts that look for loose candidates, very common words left out.

    Scoring an any-word match walks every posting of every word: a word found in a tenth of
    the index multiplies the work and hardly changes which documents come first (rerank_score
    still counts it on the candidates). The two rarest concepts always stay, so a query of
    common words still finds candidates.
    """

    def df(concept):
        # At most how many documents hold it: an alternative of several words ("legal
        # accounting" for "LA") is as rare as its rarest word, however common the others are.
        return sum(min(snap.frequency("body", t) for t in seq) for seq, _ in concept.alternatives)

    common = max(CANDIDATES, snap.doc_count() // COMMON_SHARE)
    ranked = sorted(live, key=df)
    return ranked[:2] + [c for c in ranked[2:] if df(c) <= common]


def _looser(snap, live: list[Concept], found: list[int], limit: int, **filters) -> list[int]:
    """Documents with any of the (not very common) concepts, not already found."""
    seen = set(found)
    loose = [c.alternatives for c in loose_concepts(snap, live)]
    return [d for d in snap.match(loose, any_of=True, limit=limit, **filters) if d not in seen]


def _unguessed(snap, live: list[Concept], found: list[int], limit: int, **filters) -> list[int]:
    """Documents with every concept but one that typo correction guessed, not already found;
    each guess left out in turn, their matches taken alternately.

    A word the index lacks is read as the nearest index word, and sometimes it was a real word
    that the answer does not use: "webhok status blank" at 10k read "blank" as "bank", and 27
    bank-feed scenarios matched every concept while the webhook scenario, "Webhook Status Not
    Configured", had no candidate's place. Asked only when the conjunction found fewer than
    the rerank takes: held-out 2 at 10k 0.829 -> 0.838, no other query of the three sets moved
    at any size; latency within noise (BENCHMARKS.md, tenth round).
    """
    seen = set(found)
    lists = [
        snap.match(
            [c.alternatives for c in live if c is not concept],
            limit=limit,
            best_first=True,  # taken alternately, then cut
            **filters,
        )
        for concept in live
        if concept.guessed
    ]
    out = []
    for row in zip_longest(*lists):
        for d in row:
            if d is not None and d not in seen:
                seen.add(d)
                out.append(d)
    return out[: max(0, limit - len(found))]


def _preferred(snap, live: list[Concept], limit: int, prefer, articles) -> list[int]:
    """Candidates in the searcher's own products (or those the query names), found the way
    run() finds the rest: among thousands of matches of common words, a product's few would
    seldom be ranked in."""
    filters = {"systems": tuple(prefer), "articles": tuple(articles)}
    found = snap.match([c.alternatives for c in live], limit=PREFER_CANDIDATES, **filters)
    if len(found) < limit and len(live) > 1:
        found += _looser(snap, live, found, PREFER_CANDIDATES, **filters)
    return found


def run(snap, p: Plan, *, limit: int, systems=(), articles=(), prefer=()):
    """Ranked documents, the number of matches, and facet counts (system/article slug -> n).
    `prefer`: the searcher's products (system slugs); their scenarios count PREFER_BOOST times
    as much, unless the query names a product: then its scenarios count NAMED_BOOST times
    instead (either is moot when `systems` filters)."""
    live = [c for c in p.concepts if c.known]
    if not live:
        return [], 0, {"systems": {}, "articles": {}}
    filters = {"systems": tuple(systems), "articles": tuple(articles)}
    wanted = max(CANDIDATES, limit)
    named = p.named if not systems else frozenset()
    # A product the query names is what this search is about, whatever the visitor chose before:
    # "contact not syncing to legal accounting" from someone who chose Practice Management.
    prefer = (
        frozenset(prefer) if not (systems or (named and NAMES_OVERRIDE_PREFER)) else frozenset()
    )

    # Conjunctive first: documents with every concept; when there are CANDIDATES of them, they
    # are what total and facets count. Only when fewer match do looser ones join (see
    # MIN_CANDIDATES), and then the total counts every candidate (on a large index the
    # conjunction is also far cheaper).
    alternatives = [c.alternatives for c in live]
    candidates = snap.match(alternatives, limit=wanted, **filters)
    if len(candidates) >= wanted:
        total, groups = snap.facets(alternatives, **filters)
    else:
        if len(live) > 1:
            candidates += _unguessed(snap, live, candidates, wanted, **filters)
        if len(candidates) < limit and len(live) > 1:
            candidates += _looser(snap, live, candidates, wanted, **filters)
        elif len(candidates) < MIN_CANDIDATES and len(live) > 1:
            more = _looser(snap, live, candidates, MIN_CANDIDATES, **filters)
            candidates += more[: MIN_CANDIDATES - len(candidates)]
        total = None  # fewer than asked for: counted below, on the decoded candidates
    if prefer or named:
        seen = set(candidates)
        found = _preferred(snap, live, limit, prefer | named, articles)
        candidates += [d for d in found if d not in seen]
    about = articles_about(named) if named else frozenset()

    total_docs = max(snap.doc_count(), 1)
    weights = [_idf(snap, c, total_docs) for c in live]
    idf = {t: w for c, w in zip(live, weights, strict=True) for t in c.terms}
    p.weighted_bigrams = [
        ((a, b), (max(idf.get(t, 0) for t in a) + max(idf.get(t, 0) for t in b)) / 2)
        for a, b in p.bigrams
    ]
    prepared = _prepared(snap, candidates)
    if total is None:
        # These are every match (and the looser ones): counting the documents the rerank
        # decodes anyway is cheaper than asking the index again.
        total, groups = facets_of_prepared(prepared)
    wanted = frozenset().union(*(c.terms for c in live))
    shares = coverage_shares(weights)
    ranked = []
    for docnum, (doc, fields, per_unit, counts, every) in prepared.items():
        terms = every if every is not None else DocTerms(fields, wanted, per_unit, counts)
        score = rerank_score(p, live, weights, fields, terms, shares)
        if prefer and not prefer.isdisjoint(doc["display"]["system_slugs"]):
            score *= PREFER_BOOST
        if named and (
            doc["article_slug"] in about or not named.isdisjoint(doc["display"]["system_slugs"])
        ):
            score *= NAMED_BOOST
        ranked.append(Ranked(docnum, score, doc))
    ranked.sort(key=lambda r: (-r.score, r.fields["slug"]))
    return ranked[:limit], total, groups
