"""Text analysis shared by indexing and querying, so both sides agree on every term.

Words are case-folded, accent-folded, brought to one spelling (British and American variants meet),
joined where people write one compound as two words, stripped of stop words and stemmed. The
unstemmed word is kept too: it is the vocabulary typo correction and "did you mean" draw on,
because a suggestion must be a real word.
"""

import re
from functools import lru_cache

from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.lang.porter2 import stem as porter2_stem
from whoosh.support.charset import accent_map

# Bumped whenever analysis gives any text other terms than before: an index whose terms an
# older version made is rebuilt when a process opens it (index.ensure_index), since queries
# analysed the new way would miss them. 2: "timekeeper" keeps its own stem.
VERSION = "2"

# Words ("won't", "contact's" stay one token; the apostrophe is dropped afterwards).
TOKEN_PATTERN = r"\w+(?:['’]\w+)*"

# Whoosh's list plus the filler of typed symptoms. Negations are here on purpose: nearly every
# symptom is negative ("not syncing", "won't save"), so they separate nothing and would only
# reward whichever text repeats "not" most.
STOP_WORDS = frozenset(
    """a an and are as at be by can for from have if in is it may of on or tbd that the this to us
    we when will with yet you your i im i'm my me our how do does did doing what why where which
    who there their them they it's its been being was were has had just any some get gets getting
    got should would could please help issue problem error errors not no cannot cant can't wont
    won't dont don't doesnt doesn't isnt isn't arent aren't didnt didn't unable still anymore
    """.split()
)

# Whole-word spellings: British -> American, and a few variant spellings users type.
_SPELLINGS = {
    "acknowledgement": "acknowledgment",
    "acknowledgements": "acknowledgments",
    "judgement": "judgment",
    "colour": "color",
    "colours": "colors",
    "behaviour": "behavior",
    "favourite": "favorite",
    "centre": "center",
    "centres": "centers",
    "licence": "license",
    "licences": "licenses",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "programme": "program",
    "cheque": "check",
    "cheques": "checks",
    "enrol": "enroll",
    "enrolment": "enrollment",
    "cancelled": "canceled",
    "cancelling": "canceling",
    "labelled": "labeled",
    "labelling": "labeling",
    "modelled": "modeled",
    "travelled": "traveled",
    "fulfil": "fulfill",
    "grey": "gray",
    "defence": "defense",
    "offence": "offense",
    "practise": "practice",
    "practised": "practiced",
    "honour": "honor",
    "labour": "labor",
    "neighbour": "neighbor",
    "organisation": "organization",
    "authorisation": "authorization",
    "expiry": "expire",
    "expiries": "expire",
}

# -ise/-yse endings that are not the British form of an -ize/-yze verb.
_ISE_KEEP = frozenset(
    """advise advised advises advising revise revised revising exercise exercised promise promised
    raise raised raises raising comprise comprised compromise compromised surprise surprised
    supervise supervised supervisor enterprise expertise franchise merchandise televise premise
    premises otherwise likewise concise precise wise noise cruise disguise despise improvise
    excise chastise devise devised incise apprise rise arise arised praise poise noise wise
    clockwise anticlockwise paradise reprise treatise""".split()
)
_ISE = re.compile(r"^(\w{4,})is(e|es|ed|ing|ation|ations|er|ers)$")
_YSE = re.compile(r"^(\w*[^aeiou\W])ys(e|es|ed|ing|er|ers)$")


@lru_cache(maxsize=50_000)
def american(word: str) -> str:
    """One spelling for British/American variants (synchronised -> synchronized)."""
    if word in _SPELLINGS:
        return _SPELLINGS[word]
    if word in _ISE_KEEP:
        return word
    match = _ISE.match(word)
    if match:
        return f"{match.group(1)}iz{match.group(2)}"
    match = _YSE.match(word)
    if match and len(word) > 6:
        return f"{match.group(1)}yz{match.group(2)}"
    return word


# Phrasal verbs and compounds written as two words or one, joined before stop words would
# drop "in"/"up": "sign in" -> "signin", "web hook" -> "webhook".
_COMPOUNDS = {
    ("log", "in"): "login",
    ("log", "on"): "logon",
    ("sign", "in"): "signin",
    ("sign", "on"): "signon",
    ("log", "out"): "logout",
    ("sign", "out"): "signout",
    ("set", "up"): "setup",
    ("web", "hook"): "webhook",
    ("e", "mail"): "email",
    ("e", "billing"): "ebilling",
    ("re", "number"): "renumber",
    ("time", "sheet"): "timesheet",
    ("super", "user"): "superuser",
}
_COMPOUND_FIRST = {first for first, _ in _COMPOUNDS}
# Prefixes people hyphenate ("re-authenticate", "re-enter", "un-synced"): joined to the word
# that follows the hyphen, so the word means one thing on both sides (and plan.py can still
# read the word without its prefix when only that is indexed).
_HYPHEN_PREFIXES = frozenset("re un de dis mis pre non co".split())
_TOKEN = re.compile(TOKEN_PATTERN)
_ACCENTS = accent_map


@lru_cache(maxsize=200_000)
def normal_word(raw: str) -> str:
    """Case, accents, apostrophes and spelling folded: the surface form both sides agree on."""
    word = raw.lower().translate(_ACCENTS)
    if "'" in word or "’" in word:
        word = word.replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        word = word.replace("'", "")
    return american(word)


# Words whose Porter2 stem means something else in this field. A timekeeper is a person (the
# LEDES billing term, and the synonym of "fee earner"); Porter2 cuts it to "timekeep", the stem
# of a time-capture product's name, so every scenario about that product matched it in its title.
_STEMS = {"timekeeper": "timekeeper", "timekeepers": "timekeeper"}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    if word.isascii() and word.isdigit():
        return word  # what Porter2 gives a number, 20 µs sooner (error codes, matter numbers)
    return _STEMS.get(word) or porter2_stem(word)


def analyze(text: str, limit: int | None = None) -> list[tuple[str, str, int, int]]:
    """(word, term, start, end) for each word of `text` that survives analysis, in order.

    `word` is the unstemmed form (the vocabulary of corrections and suggestions), `term` the
    stemmed one the index matches on; start/end are character offsets into `text`. One pass in
    plain Python: the same function serves indexing and queries, so both always agree.
    """
    out = []
    held = None
    for match in _TOKEN.finditer(text):
        word = normal_word(match.group())
        start, end = match.span()
        if held is not None:
            joined = _COMPOUNDS.get((held[0], word))
            if not joined and held[0] in _HYPHEN_PREFIXES and text[held[2] : start] == "-":
                joined = held[0] + word
            if joined:
                word, start = joined, held[1]
            elif held[0] not in STOP_WORDS:
                out.append((held[0], stem(held[0]), held[1], held[2]))
            held = None
        if (word in _COMPOUND_FIRST or word in _HYPHEN_PREFIXES) and end < len(text):
            held = (word, start, end)
            continue
        if word and word not in STOP_WORDS:
            out.append((word, stem(word), start, end))
        if limit and len(out) >= limit:
            return out
    if held is not None and held[0] not in STOP_WORDS:
        out.append((held[0], stem(held[0]), held[1], held[2]))
    return out[:limit] if limit else out


# A word waits for the next one when it may join it ("sign" + "in", "re" + "-" + "enter").
_JOINS_NEXT = _COMPOUND_FIRST | _HYPHEN_PREFIXES
# A split on the captured token pattern alternates separators and words: [sep, word, sep, ...].
_SPLIT = re.compile(f"({TOKEN_PATTERN})")


@lru_cache(maxsize=200_000)
def _token(raw: str) -> tuple[str, str | None, bool]:
    """(word, term, joins next) of a word as written, its term None when analysis drops it (a
    stop word): one cached lookup instead of folding, stop-word and compound checks per word."""
    word = normal_word(raw)
    return word, (stem(word) if word and word not in STOP_WORDS else None), word in _JOINS_NEXT


def analyze_words(text: str) -> tuple[list[str], list[str]]:
    """The words and the terms of `analyze(text)`, without offsets: what indexing needs, in
    about half the time. The same steps as `analyze`, which stays the plain reference (the
    tests hold the two to the same result on every text they try)."""
    words, terms = [], []
    add_word, add_term = words.append, terms.append
    held = None  # (word, the separator after it): a word that may join the next one
    parts = _SPLIT.split(text)
    for i in range(1, len(parts), 2):
        word, term, joins_next = _token(parts[i])
        if held is None and not joins_next:  # nearly every word
            if term is not None:
                add_word(word)
                add_term(term)
            continue
        if held is not None:
            joined = _COMPOUNDS.get((held[0], word))
            if not joined and held[0] in _HYPHEN_PREFIXES and held[1] == "-":
                joined = held[0] + word
            if joined:
                word = joined
                joins_next = word in _JOINS_NEXT
                term = stem(word) if word not in STOP_WORDS else None
            elif held[0] not in STOP_WORDS:
                add_word(held[0])
                add_term(stem(held[0]))
            held = None
        if joins_next:  # (held at the end of the text, it is let go after the loop)
            held = (word, parts[i + 1])
            continue
        if term is not None:
            add_word(word)
            add_term(term)
    if held is not None and held[0] not in STOP_WORDS:
        add_word(held[0])
        add_term(stem(held[0]))
    return words, terms


def forget() -> None:
    """Empty the caches of word analysis, after its tables changed (tests)."""
    for cached in (american, normal_word, stem, _token):
        cached.cache_clear()


def query_tokens(text: str, limit: int = 32) -> list[tuple[str, str, int, int]]:
    return analyze(text, limit=limit)


def analyze_terms(text: str) -> list[str]:
    """The index terms of `text`, in order."""
    return [term for _, term, _, _ in analyze(text)]


def terms_analyzer():
    """For fields whose text is already analysed (space-separated terms)."""
    return SpaceSeparatedTokenizer()


@lru_cache(maxsize=50_000)
def analysed_form(text: str) -> str:
    """A query's index terms joined by spaces: what "the same words" means to the search log's
    reports and the learned ranking ("Contact won't sync" and "contact not syncing" agree)."""
    return " ".join(analyze_terms(text))
