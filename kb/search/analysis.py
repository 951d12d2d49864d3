"""Text analysis shared by indexing and querying, so both sides agree on every term.

Words are case-folded, accent-folded, brought to one spelling (British and American variants meet),
stripped of stop words and stemmed. A second, unstemmed chain feeds the vocabulary that typo
correction and "did you mean" draw on, because a suggestion must be a real word.
"""

import re
from functools import lru_cache

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang.porter2 import stem as porter2_stem
from whoosh.support.charset import accent_map

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


class ApostropheFilter(Filter):
    """`won't` -> `wont`, `contact's` -> `contact`: people type both with and without."""

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if "'" in text or "’" in text:
                text = text.replace("’", "'")
                if text.endswith("'s"):
                    text = text[:-2]
                t.text = text.replace("'", "")
            yield t


class SpellingFilter(Filter):
    """Rewrites British spellings; a rewrite into two words (signin) keeps the first word only
    in place and emits the second at the next position."""

    def __call__(self, tokens):
        for t in tokens:
            word = american(t.text)
            if " " not in word:
                t.text = word
                yield t
                continue
            first, second = word.split(" ", 1)
            t.text = first
            yield t
            t.text = second
            if t.positions:
                t.pos += 1
            yield t


# Phrasal verbs written as two words or one: joined before stop words would drop "in"/"up".
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


class CompoundFilter(Filter):
    """`sign in` -> `signin`, `set up` -> `setup`, on both the index and the query side."""

    def __call__(self, tokens):
        held = None  # (text, pos, startchar) of a first word waiting for its partner
        for t in tokens:
            if held is not None:
                joined = _COMPOUNDS.get((held[0], t.text))
                if joined:
                    t.text = joined
                    if t.positions:
                        t.pos = held[1]
                    if t.chars:
                        t.startchar = held[2]
                    held = None
                    yield t
                    continue
                yield self._release(t, held)
                held = None
            if t.text in _COMPOUND_FIRST:
                held = (t.text, getattr(t, "pos", None), getattr(t, "startchar", None))
                continue
            yield t
        if held is not None:
            yield self._release(None, held)

    @staticmethod
    def _release(current, held):
        from whoosh.analysis import Token

        text, pos, startchar = held
        token = Token(positions=pos is not None, chars=startchar is not None)
        token.text, token.stopped, token.boost = text, False, 1.0
        if pos is not None:
            token.pos = pos
        if startchar is not None:
            token.startchar, token.endchar = startchar, startchar + len(text)
        if current is not None:
            token.mode = current.mode
        return token


def _stemmer():
    return StemFilter(stemfn=porter2_stem, cachesize=100_000)


def text_analyzer():
    """Indexing and query terms of every text field."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | ApostropheFilter()
        | SpellingFilter()
        | CompoundFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | _stemmer()
    )


def word_analyzer():
    """Unstemmed words: the vocabulary typo correction and suggestions draw from."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | ApostropheFilter()
        | SpellingFilter()
        | CompoundFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
    )


@lru_cache(maxsize=1)
def _analyzers():
    return text_analyzer(), word_analyzer()


def stem(word: str) -> str:
    return porter2_stem(word)


def query_tokens(text: str, limit: int = 32) -> list[tuple[str, str, int, int]]:
    """(word, term, start, end) for each word of `text` that survives analysis, in order.

    `word` is the unstemmed form (for corrections), `term` what the index holds; start/end are
    character offsets into `text` (for rewriting the query in a suggestion).
    """
    _, words = _analyzers()
    out = []
    for token in words(text, chars=True, positions=True, mode="query"):
        out.append((token.text, porter2_stem(token.text), token.startchar, token.endchar))
        if len(out) >= limit:
            break
    return out


def analyze_terms(text: str) -> list[str]:
    """The index terms of `text`, in order (used for synonym phrases)."""
    analyzer, _ = _analyzers()
    return [t.text for t in analyzer(text, mode="query")]
