"""Typo correction: the index words nearest a word the index has never seen.

Index words within a small edit distance (an adjacent swap counts as one edit), nearest and most
common first; found once per snapshot and remembered, since people's words repeat.
"""

from . import tuning
from .analysis import stem


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
    nearest = sorted(_near(snap, "words", word, maxdist))[: tuning.MAX_FUZZY]
    return [(cand, dist) for dist, _, cand in nearest]


def stem_corrections(snap, term: str) -> list[tuple[str, int]]:
    """Index stems near a stem: "syncronization" -> "syncron" ~ "synchron", where no whole
    word of the index is near enough."""
    maxdist = min(_max_distance(term), 1)
    if not maxdist:
        return []
    nearest = sorted(_near(snap, "body", term, maxdist))[: tuning.MAX_FUZZY]
    return [(cand, dist) for dist, _, cand in nearest]


def surface_word(snap, term: str) -> str | None:
    """The commonest index word with this stem, for a readable suggestion."""
    words = [(snap.frequency("words", w), w) for w in snap.expand_prefix("words", term)]
    words = [(n, w) for n, w in words if stem(w) == term]
    return max(words)[1] if words else None


def unprefixed(snap, word: str) -> str | None:
    """The word without a derivational prefix, when the index knows that and not the word."""
    for prefix in tuning.PREFIXES:
        if word.startswith(prefix):
            rest = word[len(prefix) :].lstrip("-")
            if len(rest) >= 4 and _known(snap, stem(rest)):
                return rest
    return None
