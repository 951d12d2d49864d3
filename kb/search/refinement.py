"""Guided refinement: one clarifying question when the best results are too close to call.

When the top results score within a small margin of each other but belong to different systems
(or, failing that, different issues), the user knows which one they mean and we do not: ask,
with one answer per difference. Everything comes from the hits themselves (system names,
issue titles, scores), so new content gets questions without code changes.

Answers are plain query strings: a system answer narrows with the same `system` filter the
facet chips use; an issue answer re-ranks (`prefer_issue`) so the matching scenarios come first
without hiding the others.
"""

import re
from dataclasses import dataclass, field

from django.http import QueryDict

from .types import SearchHit, SearchResponse

# A hit is "close" to the top one when it scores at least this share of the top score. Scores
# are relative (BM25 figures have no absolute scale), so a ratio works for any ranker.
CLOSE_RATIO = 0.75
# Only the first few results compete: nobody is asked about the tenth.
MAX_CONSIDERED = 5
MAX_ANSWERS = 4
# Words left dangling at the end of a shared title prefix ("Contact Not Synchronized in").
_TRAILING_FILLERS = {"in", "on", "at", "for", "to", "the", "a", "an", "of", "from", "and", "or"}


@dataclass(frozen=True)
class Answer:
    label: str
    query_string: str  # the full query string of the refined search, without the "?"
    count: int  # how many of the close results this answer keeps on top


@dataclass(frozen=True)
class Question:
    text: str
    dimension: str  # "system" or "issue"
    answers: list[Answer] = field(default_factory=list)


def close_hits(response: SearchResponse) -> list[SearchHit]:
    """The leading results that score too close to the top one to call a winner."""
    hits = response.results[:MAX_CONSIDERED]
    if len(hits) < 2 or hits[0].score <= 0:
        return []
    top = hits[0].score
    close = [hit for hit in hits if hit.score >= top * CLOSE_RATIO]
    return close if len(close) >= 2 else []


def clarifying_question(
    response: SearchResponse,
    params: QueryDict,
    *,
    system_labels: dict[str, str] | None = None,
) -> Question | None:
    """One question that tells the close results apart, or None when there is nothing to ask.

    `params` is the current search's query string: answers keep everything in it (query,
    other filters) and add their own choice. `system_labels` maps system slugs to the short
    names users say ("Practice Management"); the full names are used otherwise.
    """
    hits = close_hits(response)
    if not hits:
        return None
    if not params.getlist("system"):
        useful, groups, names = _system_groups(hits, system_labels or {})
        if len(useful) >= 2:
            if _names_a_system(params.get("q", ""), useful, names, hits):
                return None  # they said where; asking again (or about issues) is noise
            return _system_question(hits, params, useful, groups, names)
    if not params.get("issue"):
        return _issue_question(hits, params)
    return None


def prefer_issue(response: SearchResponse, issue: str) -> SearchResponse:
    """The same response with the chosen issue's results first, in their original order (within
    each group: "In other products" stays below)."""
    if not issue:
        return response
    chosen = [hit for hit in response.results if hit.issue == issue]
    if not chosen:
        return response
    others = [hit for hit in response.results if hit.issue != issue]
    response.results = sorted(chosen + others, key=lambda hit: hit.group == "other")
    return response


def _system_groups(hits, labels):
    """Systems that tell the close hits apart: (useful slugs, hits per slug, label per slug)."""
    groups: dict[str, list[SearchHit]] = {}
    names: dict[str, str] = {}
    for hit in hits:
        for slug, name in zip(hit.system_slugs, hit.systems, strict=False):
            groups.setdefault(slug, []).append(hit)
            names[slug] = labels.get(slug) or name
    # An answer helps only when it keeps some of the close results and drops others.
    useful = [slug for slug, members in groups.items() if 0 < len(members) < len(hits)]
    useful.sort(key=lambda slug: hits.index(groups[slug][0]))
    return useful, groups, names


def _system_question(hits, params, useful, groups, names) -> Question:
    answers = [
        Answer(names[slug], _with(params, "system", slug), len(groups[slug]))
        for slug in useful[:MAX_ANSWERS]
    ]
    subject = _shared_subject([hit.title for hit in hits])
    text = f"Where do you see “{subject}”?" if subject else "Which system shows the problem?"
    return Question(text=text, dimension="system", answers=answers)


def _names_a_system(query: str, slugs, labels, hits) -> bool:
    """True when the query already says where ("contact not syncing to practice management")."""
    words = _words(query)
    full_names = {s: n for hit in hits for s, n in zip(hit.system_slugs, hit.systems, strict=False)}
    for slug in slugs:
        for name in {labels[slug], full_names.get(slug, "")}:
            name_words = _words(name)
            if name_words and all(word in words for word in name_words):
                return True
    return False


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"\w+", text)}


def _issue_question(hits, params) -> Question | None:
    issues: list[str] = []
    counts: dict[str, int] = {}
    for hit in hits:
        if hit.issue and hit.issue not in counts:
            issues.append(hit.issue)
        counts[hit.issue] = counts.get(hit.issue, 0) + 1
    if len(issues) < 2:
        return None
    answers = [
        Answer(issue, _with(params, "issue", issue), counts[issue])
        for issue in issues[:MAX_ANSWERS]
    ]
    return Question(text="Which of these describes your problem best?", dimension="issue",
                    answers=answers)  # fmt: skip


def _with(params: QueryDict, key: str, value: str) -> str:
    refined = params.copy()
    refined.setlist(key, [*refined.getlist(key), value] if key == "system" else [value])
    refined.pop("page", None)
    return refined.urlencode()


def _shared_subject(titles: list[str]) -> str:
    """The words every title starts with ("Contact Not Synchronized"), in sentence case.

    Two words at least; anything shorter says nothing about the problem.
    """
    split = [re.findall(r"[\w'’-]+", title) for title in titles]
    shared = []
    for words in zip(*split, strict=False):
        if len({w.lower() for w in words}) != 1:
            break
        shared.append(words[0])
    while shared and shared[-1].lower() in _TRAILING_FILLERS:
        shared.pop()
    if len(shared) < 2:
        return ""
    return " ".join([shared[0].capitalize(), *(w.lower() for w in shared[1:])])
