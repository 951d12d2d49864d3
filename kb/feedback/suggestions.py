"""Synonyms suggested by the search log: words people searched in, then said again in others.

A visitor whose search found nothing useful (no results, no result opened, or the one opened
"didn't help"), who searched again within RETRY_WINDOW in other words and opened a result that
did not fail them, is evidence that the words of the first search mean those of the second. The
pair is (first-search words the second lacked -> second-search words the first lacked),
counted by distinct visitors; editors see pairs past KB_SYNONYM_SUGGESTION_MIN_VISITORS.

Safeguards (each tested): a side is at most MAX_SIDE_WORDS words and never a scenario's title
or slug, so no suggestion routes a phrase to one scenario; a pair where either search differs
from the other by a negation ("not", "won't"), a negative prefix (un-, dis-) or an opposite
(enable/disable) is never suggested; stop words are never part of a side (analysis drops them).
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from kb import conf
from kb.models import DismissedSuggestion, Scenario, SearchLog, Synonym
from kb.search.analysis import analysed_form, analyze, stem

from .outcomes import outcomes

RETRY_WINDOW = timedelta(minutes=10)  # a retry after this long is a new problem, not a rewording
MAX_SIDE_WORDS = 3
EXAMPLES = 3
NEGATIONS = frozenset(
    """not no never none nothing without cannot cant can't wont won't dont don't doesnt doesn't
    isnt isn't arent aren't didnt didn't wasnt wasn't unable fail fails failed failing""".split()
)
NEGATIVE_PREFIXES = ("un", "dis", "in", "im", "non", "de", "mis")
OPPOSITES = {
    frozenset(pair.split("/"))
    for pair in """enable/disable enabled/disabled on/off show/hide shown/hidden visible/hidden
    lock/unlock locked/unlocked active/inactive allow/deny allow/block include/exclude start/stop
    open/close opened/closed add/remove added/removed login/logout signin/signout
    connect/disconnect connected/disconnected in/out up/down before/after""".split()
}
_RAW_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass
class Suggestion:
    source: str  # analysed terms of the words people used
    target: str  # analysed terms of the words that found the fix
    source_words: Counter = field(default_factory=Counter)
    target_words: Counter = field(default_factory=Counter)
    visitors: set = field(default_factory=set)
    contexts: set = field(default_factory=set)  # the distinct first searches it came from
    examples: list = field(default_factory=list)  # (first query, second query)
    first_seen: object = None
    last_seen: object = None

    @property
    def source_text(self) -> str:
        return self.source_words.most_common(1)[0][0]

    @property
    def target_text(self) -> str:
        return self.target_words.most_common(1)[0][0]

    @property
    def visitor_count(self) -> int:
        return len(self.visitors)


def _raw_words(text: str) -> set[str]:
    return {w.lower().replace("’", "'") for w in _RAW_WORD.findall(text)}


def negation_pair(first: str, second: str, source: list, target: list) -> bool:
    """Whether the pair would join a negation and its opposite: a side holds a negation word,
    one search is negative and the other is not ("sync" / "not sync"), or a word of one side is
    the other's opposite (enabled / disabled) or its negative-prefixed form (synced / unsynced)."""
    words = [w for w, _ in source] + [w for w, _ in target]
    if NEGATIONS.intersection(words):
        return True
    if bool(_raw_words(first) & NEGATIONS) != bool(_raw_words(second) & NEGATIONS):
        return True
    for x in words:
        for y in words:
            if x == y:
                continue
            if frozenset((x, y)) in OPPOSITES:
                return True
            if any(x.startswith(p) and stem(x[len(p):]) == stem(y) for p in NEGATIVE_PREFIXES):
                return True
    return False


def sides(first: str, second: str):
    """(source, target): the (word, term) pairs of each search that the other lacks."""
    a, b = analyze(first), analyze(second)
    a_terms, b_terms = {t for _, t, _, _ in a}, {t for _, t, _, _ in b}
    source = list(dict.fromkeys((w, t) for w, t, _, _ in a if t not in b_terms))
    target = list(dict.fromkeys((w, t) for w, t, _, _ in b if t not in a_terms))
    return source, target


def scenario_names() -> set[str]:
    """The analysed forms of every scenario's title and slug: never a side of a suggestion."""
    names = set()
    for title, slug in Scenario.objects.values_list("title", "slug").iterator():
        names.add(analysed_form(title))
        names.add(analysed_form(slug.replace("-", " ")))
    names.discard("")
    return names


def known_pairs() -> set[tuple[str, str]]:
    """Pairs already in one synonym group, and pairs editors dismissed."""
    pairs = set(DismissedSuggestion.objects.values_list("source", "target"))
    for synonym in Synonym.objects.all():
        forms = [analysed_form(term) for term in synonym.term_list]
        pairs.update((x, y) for x in forms for y in forms)
    return pairs


def _retries(rows):
    """(failed search, successful retry) pairs of one visitor's searches, oldest first."""
    for i, first in enumerate(rows):
        if not first["failed"]:
            continue
        for second in rows[i + 1 :]:
            if second["created_at"] - first["created_at"] > RETRY_WINDOW:
                break
            if second["succeeded"]:
                yield first, second
                break


def _candidate_pairs(source: list, target: list):
    """The (source, target) sides one retry is evidence for: each word of the first search the
    index does not know (or, when it knows them all, the whole short difference) against each
    word of the retry's difference, and against the whole difference when it is short. Counted
    over many visitors, the pairing most of them share ("dossier" -> "matter") comes first."""
    from kb.search import unknown_terms

    unknown = unknown_terms(t for _, t in source)
    sources = [[pair] for pair in source if pair[1] in unknown]
    if not sources and len(source) <= MAX_SIDE_WORDS:
        sources = [source]
    targets = [[pair] for pair in target]
    if 1 < len(target) <= MAX_SIDE_WORDS:
        targets.append(target)
    return [(s, t) for s in sources for t in targets]


def _best_per_source(found: dict) -> dict:
    """For each source, its one target that the most distinct first searches (then visitors)
    share; none when two targets tie, since the log does not say which one the words mean."""
    by_source: dict[str, list] = {}
    for (source, _), s in found.items():
        by_source.setdefault(source, []).append(s)
    best = {}
    for source, candidates in by_source.items():
        candidates.sort(key=lambda s: (-len(s.contexts), -s.visitor_count))
        first = candidates[0]
        second = candidates[1] if len(candidates) > 1 else None
        strength = (len(first.contexts), first.visitor_count)
        if second is None or strength > (len(second.contexts), second.visitor_count):
            best[(first.source, first.target)] = first
    return best


def evidence(since=None) -> dict[tuple[str, str], Suggestion]:
    """Every (source, target) pair the search log shows, whatever its number of visitors."""
    since = since or timezone.now() - timedelta(days=conf.setting("KB_SEARCH_LOG_RETENTION_DAYS"))
    logs = SearchLog.objects.filter(created_at__gte=since).exclude(visitor="")
    retried = logs.filter(clicked_scenario__isnull=False).values("visitor")
    rows = list(
        logs.filter(visitor__in=retried)
        .order_by("visitor", "created_at", "pk")
        .values("visitor", "query", "results_count", "clicked_scenario_id", "created_at")
    )
    known = outcomes({row["visitor"] for row in rows})
    by_visitor: dict[str, list] = {}
    for row in rows:
        ended = known.of(row["visitor"], row["clicked_scenario_id"])
        opened = row["clicked_scenario_id"] is not None
        row["failed"] = row["results_count"] == 0 or not opened or ended == "unhelpful"
        row["succeeded"] = opened and ended != "unhelpful"
        by_visitor.setdefault(row["visitor"], []).append(row)
    names = scenario_names()
    found: dict[tuple[str, str], Suggestion] = {}
    for visitor, searches in by_visitor.items():
        for first, second in _retries(searches):
            source, target = sides(first["query"], second["query"])
            if not source or not target or negation_pair(
                first["query"], second["query"], source, target
            ):
                continue
            for src, tgt in _candidate_pairs(source, target):
                key = (" ".join(t for _, t in src), " ".join(t for _, t in tgt))
                if key[0] in names or key[1] in names:
                    continue
                s = found.setdefault(key, Suggestion(*key))
                s.source_words[" ".join(w for w, _ in src)] += 1
                s.target_words[" ".join(w for w, _ in tgt)] += 1
                s.visitors.add(visitor)
                s.contexts.add(analysed_form(first["query"]))
                if len(s.examples) < EXAMPLES and (first["query"], second["query"]) not in s.examples:
                    s.examples.append((first["query"], second["query"]))
                when = second["created_at"]
                s.first_seen = min(s.first_seen or when, when)
                s.last_seen = max(s.last_seen or when, when)
    return found


def suggestions(min_visitors: int | None = None) -> list[Suggestion]:
    """The pairs to show editors: past the minimum of distinct visitors, neither already in one
    synonym group nor dismissed, the most visitors first."""
    if min_visitors is None:
        min_visitors = conf.setting("KB_SYNONYM_SUGGESTION_MIN_VISITORS")
    skip = known_pairs()
    shown = [
        s for key, s in _best_per_source(evidence()).items()
        if s.visitor_count >= min_visitors and key not in skip
    ]  # fmt: skip
    return sorted(shown, key=lambda s: (-s.visitor_count, s.source, s.target))


def find(source: str, target: str) -> Suggestion | None:
    return next((s for s in suggestions() if (s.source, s.target) == (source, target)), None)


def accept(suggestion: Suggestion, user) -> Synonym:
    """Add the pair to the synonym group holding the target words (or a new group); searches
    use it from the next one on."""
    from kb.search.synonyms import invalidate

    provenance = (
        f"suggested from search log, accepted by {user.get_username()} "
        f"on {timezone.localdate().isoformat()}"
    )
    with transaction.atomic():
        group = next(
            (g for g in Synonym.objects.select_for_update()
             if suggestion.target in {analysed_form(t) for t in g.term_list}),
            None,
        )  # fmt: skip
        if group is None:
            group = Synonym.objects.create(
                key=_free_key(f"{suggestion.source_text} {suggestion.target_text}"),
                terms=f"{suggestion.source_text}, {suggestion.target_text}",
                source=provenance[:200],
            )
        else:
            group.terms = f"{group.terms}, {suggestion.source_text}"
            added = f'"{suggestion.source_text}" {provenance}'
            group.note = f"{group.note}; {added}" if group.note else added
            group.note = group.note[-200:]
            group.save()
    invalidate()
    return group


def _free_key(text: str) -> str:
    base = (slugify(text) or "suggested")[:70]
    key, n = base, 2
    while Synonym.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


def dismiss(source: str, target: str, user) -> None:
    DismissedSuggestion.objects.get_or_create(
        source=source[:200], target=target[:200], defaults={"dismissed_by": user}
    )
