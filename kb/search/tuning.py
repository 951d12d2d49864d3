"""Every constant that decides the order of search results, each with one line of why.

The modules that use them read them here at call time (`tuning.NAME`), so a test or a
benchmark sweep can change one with `monkeypatch.setattr(tuning, NAME, value)`. The
measurements behind each value are in docs/SEARCH.md.
"""

# Field weights. The dicts are shared (schema.py re-exports them) and read in place.

# Weight of a word found in each field: the title and symptom say what the user sees; steps,
# menu paths and field names what to do about it; issue/article titles and system names context.
TEXT_FIELDS = {
    "title": 3.0,
    "symptom": 2.5,
    "steps": 1.0,
    "menus": 1.2,
    "fieldnames": 1.2,
    "context": 0.8,
}
# How much of a query word a field covers: the same word in a step is often incidental ("icon",
# "record"), and step-heavy scenarios would otherwise win every query of words they mention.
FIELD_COVERAGE = {
    "title": 1.0,
    "symptom": 1.0,
    "steps": 0.6,
    "menus": 0.8,
    "fieldnames": 0.8,
    "context": 0.5,
}
# Typical length (terms) of each field, for BM25F length normalisation.
FIELD_LENGTHS = {
    "title": 8,
    "symptom": 20,
    "steps": 120,
    "menus": 10,
    "fieldnames": 10,
    "context": 15,
}

# Query reading.

MAX_FUZZY = 3  # index words tried per misspelt word: more guesses add noise, not answers
SYNONYM_WEIGHT = 0.9  # a synonym counts a little less than the word the user typed
PREFIX_WEIGHT = 0.8  # "reauthenticate" read as "authenticate": close, but not the same word
PREFIXES = ("re", "un", "de", "dis", "mis", "pre", "non")  # prefixes a word is read without
FUZZY_WEIGHT = {1: 0.8, 2: 0.55}  # a typo correction counts less the further it is from the word

# Candidate gathering.

CANDIDATES = 60  # documents reranked: enough for the answer to be among them at 100k scenarios
# Fewer documents than this with every concept, and looser matches top the candidates up: an
# answer lacking one query word is otherwise never reranked while a few look-alikes hold them all.
MIN_CANDIDATES = 30
# Extra candidates from the searcher's own products (or those the query names): among
# thousands of matches of common words, a product's few would seldom be ranked in.
PREFER_CANDIDATES = 30
COMMON_SHARE = 10  # a word in more than 1/COMMON_SHARE of the index finds no loose candidates

# Scoring.

# The searcher's own products count this many times as much: the same symptom recurs in each
# product, and which one the user works with is what tells those answers apart.
PREFER_BOOST = 2.0
# A product the query names ("not syncing to legal accounting"), and articles about it, count
# this many times as much: what the query names is what the search is about.
NAMED_BOOST = 4.0
# A product the query names overrides the searcher's own products (which then count nothing):
# a visitor who chose Practice Management still wants Legal Accounting's answer when naming it.
NAMES_OVERRIDE_PREFER = True
# The results of a product the query names (and of articles about it) come first, all of them,
# and the others follow apart ("In other products"): a look-alike in another product never
# cuts in, however well it scores.
NAMED_FIRST = True
PHRASE_BOOST = 1.5  # bonus for two adjacent query words found side by side in a phrase field
PHRASE_SLOP = 2  # "side by side" allows one word between: "contact's record number"
BM25_K1 = 1.2  # term-count saturation: the fifth occurrence of a word adds little
BM25_B = 0.5  # length normalisation, half strength: long steps are not punished for detail
COVERAGE_POWER = 2  # matching most of the query beats matching one word often
# Each concept weighs the square root of its idf in the coverage: a rare word ("TR", "between")
# must not outweigh the rest of the query, yet a product named in full beats a common word of it.
COVERAGE_IDF_POWER = 0.5
# Every query word within m + WINDOW_GAP * (m - 1) terms of one field is one thought, not
# incidental words: "user disabled security" in "ensure the user is not disabled in security".
WINDOW_GAP = 3
WINDOW_FIELDS = ("steps",)  # fields where such a window counts as covering the query
WINDOW_COVERAGE = 0.9  # coverage of a window in a step, however little the step covers alone
WINDOW_BOOST = 0.5  # bonus for the window: the query's weight over the window's length
# The user is quoting the text: RUN_MIN or more query words in order, in one field, with at
# most RUN_SLACK query concepts outside the run, earn RUN_BOOST times the run's weight.
RUN_BOOST = 1.0
RUN_MIN = 3
RUN_SLACK = 1

# SQLite FTS5 candidate retrieval (engines/sqlite_snapshot.py).

# Matches ranked by bm25 per tier: SCORE_CAP_SHARE of the index, from SCORE_CAP to
# SCORE_CAP_MAX. Past the cap the newest matches are ranked, so it decides how far back a
# common query looks; more costs latency and stopped gaining answers.
SCORE_CAP = 2000
SCORE_CAP_MAX = 6000
SCORE_CAP_SHARE = 0.06
# A query of PHRASE_MIN_TERMS or more terms also looks for its words as one phrase (also with
# PHRASE_SLACK concepts left out at either end), up to PHRASE_SHARE of the candidates: an old
# step's exact words are otherwise lost among thousands of matches of the same words.
PHRASE_SHARE = 0.5
PHRASE_MIN_TERMS = 3
PHRASE_SLACK = 1
# Documents with the rarest query word in their title or symptom take at most this share of the
# candidates: a document holding every word in its steps or field names keeps a place too.
RAREST_HEAD_SHARE = 0.5
HEAD_WEIGHT = 2.0  # bm25 weight of title and symptom against the rest (Whoosh: written twice)

# Learned ranking (learned.py): outcomes visitors confirmed for the same analysed query.

# The most a confirmed fix gains: this share of the query's top score. Enough to swap two
# close answers, never enough to lift a weak match over a clearly better one.
LEARNED_MAX_SHARE = 0.3
# Evidence (decayed confirmations) that earns half of LEARNED_MAX_SHARE: each further visitor
# adds less, so a crowd cannot push far past what a few genuine visitors earn.
LEARNED_EVIDENCE_HALF = 3.0
