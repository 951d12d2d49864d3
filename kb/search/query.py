"""From what a user typed to ranked scenario documents.

Every input is read as plain words: the query is built from the analyzer's tokens (never
Whoosh's query parser, whose operators crash on `NOT AND a` and whose wildcards are slow).

Each word (or a multi-word phrase that a synonym names) is a *concept*; a concept matches when
any of its alternatives does: the word itself, its synonyms, its compound form ("web hook" ->
"webhook"), or, for a word the index has never seen, the nearest index words (typos).
Documents matching every concept come first (conjunctive first, which is also what keeps large
indexes fast); looser matches fill the list. The final order is the BM25F score scaled by how
much of the query a document covers, plus a bonus for query words found side by side in the
title or symptom.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.sorting import Count, FieldFacet

from . import synonyms
from .analysis import query_tokens, stem
from .schema import PHRASE_FIELDS, TEXT_FIELDS

MAX_QUERY_CHARS = 500
MAX_WORDS = 24
MAX_SUGGESTION_CHARS = 200  # a pasted page gets results, not a rewritten copy of itself
MAX_FUZZY = 3  # index words tried per misspelt word
CANDIDATES = 40  # documents reranked
PHRASE_BOOST = 1.5
SYNONYM_WEIGHT = 0.9
FUZZY_WEIGHT = {1: 0.8, 2: 0.55}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Concept:
    """One thing the user asked for, and the term sequences that express it."""

    alternatives: list[tuple[tuple[str, ...], float]]  # (terms, weight)
    word: str = ""
    known: bool = True

    @property
    def terms(self) -> set[str]:
        return {t for seq, _ in self.alternatives for t in seq}


@dataclass
class Plan:
    text: str
    concepts: list[Concept] = field(default_factory=list)
    corrections: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, word
    bigrams: list[tuple[str, str]] = field(default_factory=list)

    @property
    def highlight_terms(self) -> set[str]:
        return {t for c in self.concepts for t in c.terms}


def clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")[: MAX_QUERY_CHARS * 4]
    return _CONTROL.sub(" ", text)[:MAX_QUERY_CHARS]


def _known(reader, term: str) -> bool:
    return any(reader.doc_frequency(f, term) for f in TEXT_FIELDS)


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


def _near(reader, fieldname: str, word: str, maxdist: int) -> list[tuple[int, int, str]]:
    """(distance, -frequency, term) of the terms of a field near `word`."""
    candidates = set(reader.terms_within(fieldname, word, maxdist, prefix=1))
    # Levenshtein counts a swap as two edits: add swaps explicitly.
    for i in range(len(word) - 1):
        swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if reader.doc_frequency(fieldname, swapped):
            candidates.add(swapped)
    scored = []
    for cand in candidates:
        dist = _osa_distance(word, cand, maxdist)
        if cand != word and dist <= maxdist:
            scored.append((dist, -reader.doc_frequency(fieldname, cand), cand))
    return scored


def _max_distance(word: str) -> int:
    return 0 if len(word) < 4 or not word.isalpha() else 1 if len(word) < 7 else 2


def corrections_for(reader, word: str) -> list[tuple[str, int]]:
    """Index words within a small edit distance of `word`, nearest and most common first."""
    maxdist = _max_distance(word)
    if not maxdist:
        return []
    return [(cand, dist) for dist, _, cand in sorted(_near(reader, "words", word, maxdist))[:MAX_FUZZY]]


def stem_corrections(reader, term: str) -> list[tuple[str, int]]:
    """Index stems near a stem: "syncronization" -> "syncron" ~ "synchron", where no whole
    word of the index is near enough."""
    maxdist = min(_max_distance(term), 1)
    if not maxdist:
        return []
    best: dict[str, tuple] = {}
    for fieldname in PHRASE_FIELDS:
        for item in _near(reader, fieldname, term, maxdist):
            best[item[2]] = min(best.get(item[2], item), item)
    return [(cand, dist) for dist, _, cand in sorted(best.values())[:MAX_FUZZY]]


def surface_word(reader, term: str) -> str | None:
    """The commonest index word with this stem, for a readable suggestion."""
    words = [
        (reader.doc_frequency("words", w), w)
        for w in (b.decode() if isinstance(b, bytes) else b for b in reader.expand_prefix("words", term))
    ]
    words = [(n, w) for n, w in words if stem(w) == term]
    return max(words)[1] if words else None


def _with_synonyms(term: str, weight: float) -> list[tuple[tuple[str, ...], float]]:
    alts = [((term,), weight)]
    for _, others in synonyms.alternatives([term], 0):
        alts += [(seq, weight * SYNONYM_WEIGHT) for seq in others]
    return alts


def plan(reader, text: str) -> Plan:
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
        span, alts = 1, [((term,), 1.0)]
        matches = synonyms.alternatives(terms, i)
        if matches:
            span, others = matches[0]
            alts = [(tuple(terms[i : i + span]), 1.0)] + [(s, SYNONYM_WEIGHT) for s in others]
        elif i + 1 < len(tokens) and reader.doc_frequency("words", word + tokens[i + 1][0]):
            # "web hook" typed for "webhook": the joined word is what the index knows.
            span = 2
            alts = [(tuple(terms[i : i + 2]), 1.0), ((stem(word + tokens[i + 1][0]),), 1.0)]
        known = any(_known(reader, t) for seq, _ in alts for t in seq)
        if not known and span == 1:
            fixes = [(stem(c), d, c) for c, d in corrections_for(reader, word)]
            fixes = fixes or [(c, d, surface_word(reader, c)) for c, d in stem_corrections(reader, term)]
            for fixed, dist, _ in fixes:
                alts += _with_synonyms(fixed, FUZZY_WEIGHT[dist])
            if fixes:
                known = True
                if fixes[0][2]:
                    result.corrections.append((start, end, fixes[0][2]))
        result.concepts.append(Concept(alternatives=alts, word=word, known=known))
        i += span
    live = [c for c in result.concepts if c.known]
    for a, b in zip(live, live[1:], strict=False):
        if len(a.alternatives[0][0]) == 1 and len(b.alternatives[0][0]) == 1:
            result.bigrams.append((a.alternatives[0][0][0], b.alternatives[0][0][0]))
    return result


def _sequence_query(fieldname: str, seq: tuple[str, ...], weight: float):
    if len(seq) == 1:
        return wq.Term(fieldname, seq[0], boost=weight)
    if fieldname in PHRASE_FIELDS:
        return wq.Phrase(fieldname, list(seq), slop=1, boost=weight)
    return wq.And([wq.Term(fieldname, t) for t in seq], boost=weight)


def concept_query(concept: Concept):
    return wq.Or(
        [
            _sequence_query(f, seq, weight)
            for f in TEXT_FIELDS
            for seq, weight in concept.alternatives
        ]
    )


def phrase_bonus(p: Plan):
    return [
        wq.Phrase(f, [a, b], slop=2, boost=PHRASE_BOOST) for a, b in p.bigrams for f in PHRASE_FIELDS
    ]


def suggestion(p: Plan) -> str | None:
    if not p.corrections or len(p.text) > MAX_SUGGESTION_CHARS:
        return None
    out, last = [], 0
    for start, end, word in p.corrections:
        out += [p.text[last:start], word]
        last = end
    out.append(p.text[last:])
    return re.sub(r"\s+", " ", "".join(out)).strip()


def filter_query(systems=(), articles=()):
    parts = []
    if systems:
        parts.append(wq.Or([wq.Term("systems", s) for s in systems]))
    if articles:
        parts.append(wq.Or([wq.Term("article_slug", a) for a in articles]))
    return wq.And(parts) if parts else None


@dataclass
class Ranked:
    docnum: int
    score: float
    fields: dict


def _idf(reader, concept: Concept, total: int) -> float:
    df = max(
        (reader.doc_frequency(f, t) for f in TEXT_FIELDS for t in concept.terms), default=0
    )
    return math.log(1 + total / (1 + df))


def run(searcher, p: Plan, *, limit: int, systems=(), articles=()):
    """Ranked documents, the number of matches, and facet counts (system/article slug -> n)."""
    live = [c for c in p.concepts if c.known]
    if not live:
        return [], 0, {"systems": {}, "articles": {}}
    reader = searcher.reader()
    concept_queries = [concept_query(c) for c in live]
    bonus = phrase_bonus(p)
    flt = filter_query(systems, articles)
    wanted = max(CANDIDATES, limit)
    facets = {
        "systems": FieldFacet("systems", allow_overlap=True, maptype=Count),
        "articles": FieldFacet("article_slug", maptype=Count),
    }

    def collect(required):
        q = wq.AndMaybe(required, wq.Or(bonus)) if bonus else required
        return searcher.search(
            q, limit=wanted, terms=True, filter=flt, groupedby=facets, maptype=Count
        )

    results = collect(wq.And(concept_queries) if len(live) > 1 else concept_queries[0])
    hits = {hit.docnum: hit for hit in results}
    if len(hits) < wanted and len(live) > 1:
        results = collect(wq.Or(concept_queries))
        for hit in results:
            hits.setdefault(hit.docnum, hit)
    groups = {
        "systems": results.groups("systems"),
        "articles": results.groups("articles"),
    }
    total = sum(groups["articles"].values())

    total_docs = max(reader.doc_count(), 1)
    weights = [_idf(reader, c, total_docs) for c in live]
    weight_sum = sum(weights) or 1.0
    ranked = []
    for hit in hits.values():
        matched = {t.decode("utf-8") if isinstance(t, bytes) else t for _, t in hit.matched_terms()}
        covered = sum(w for c, w in zip(live, weights, strict=True) if c.terms & matched)
        coverage = covered / weight_sum
        ranked.append(Ranked(hit.docnum, hit.score * coverage**2, dict(hit.fields())))
    ranked.sort(key=lambda r: (-r.score, r.fields["slug"]))
    return ranked[:limit], total, groups
