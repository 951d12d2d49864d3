"""Scenario -> search document. The only place that knows how content maps onto index fields.

Documents are built from plain values (`_document`). Two ways feed it: `scenario_document()`
reads a model instance, and `iter_published_documents()` (rebuilds, index checks, the change
feed) reads scenarios in batches with four `values_list()` queries each and no model
instances (with `analyze_words`, a third of the CPU of building from model instances at
100,000 scenarios). Both give the same document; tests/search/test_search_documents.py
holds them to it.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain

from django.db.models import TextField
from django.db.models.functions import Cast

from kb.models import Article, Scenario, SolutionStep

from .analysis import analyze_words
from .schema import HEAD_FIELDS, TEXT_FIELDS

# Steps can be long; the first terms carry the rerank signal and the stored size stays bounded.
MAX_STORED_STEP_TERMS = 300
# Scenarios per batch of the bulk path: four queries each; their steps (about 7.5 per scenario)
# are the largest result held in memory at once.
BATCH_SIZE = 2000

# What a document needs of a scenario, its issue and its article, in the order `_document` takes.
_SCENARIO_COLUMNS = (
    "id",
    "slug",
    "title",
    "symptom",
    "issue__title",
    "issue__article__title",
    "issue__article__slug",
    "issue__article_id",
)
# The JSON lists as their text, decoded once per distinct value (BuildCache.json): most are
# "[]" or a common menu path, and decoding every row's JSONField took a tenth of a rebuild.
_STEP_COLUMNS = ("text", Cast("menu_paths", TextField()), Cast("fields", TextField()))
_SYSTEM_COLUMNS = ("system__name", "system__short_name", "system__slug")


def published_scenarios():
    """What the index must hold: published scenarios, with everything a document needs."""
    return Scenario.objects.published().with_content().order_by("id")


def scenario_document(scenario: Scenario) -> dict:
    """The document of one scenario instance (ideally fetched `with_content()`)."""
    steps = sorted(scenario.steps.all(), key=lambda s: (s.order, s.pk or 0))
    article = scenario.issue.article
    return _document(
        scenario.id,
        scenario.slug,
        scenario.title,
        scenario.symptom,
        scenario.issue.title,
        article.title,
        article.slug,
        [(step.text, step.menu_paths, step.fields) for step in steps],
        [(s.name, s.short_name, s.slug) for s in scenario.effective_systems()],
        BuildCache(),
    )


def iter_published_documents(
    batch_size: int = BATCH_SIZE, ids: Iterable[int] | None = None
) -> Iterator[tuple[int, dict]]:
    """(scenario id, document) of every published scenario (or of those among `ids`), in id
    order, in batches of `batch_size` scenarios: four queries a batch, whatever it holds."""
    cache = BuildCache()
    for rows in _scenario_batches(batch_size, ids):
        yield from _batch_documents(rows, cache)


def published_documents_for(ids: Iterable[int]) -> dict[int, dict]:
    """Documents of those of the given scenario ids that are published (the rest must go)."""
    return dict(iter_published_documents(ids=ids))


def _scenario_batches(batch_size: int, ids: Iterable[int] | None) -> Iterator[list[tuple]]:
    rows = Scenario.objects.published().order_by("id").values_list(*_SCENARIO_COLUMNS)
    if ids is not None:
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), batch_size):
            yield list(rows.filter(id__in=wanted[start : start + batch_size]))
        return
    # Keyset pagination: each batch is an index range scan from where the last one ended.
    last = None
    while True:
        batch = list((rows if last is None else rows.filter(id__gt=last))[:batch_size])
        if not batch:
            return
        yield batch
        if len(batch) < batch_size:
            return
        last = batch[-1][0]


def _batch_documents(rows: list[tuple], cache: "BuildCache") -> Iterator[tuple[int, dict]]:
    ids = [row[0] for row in rows]
    # Ordered as scenario_document() sorts a scenario's steps: (order, id).
    steps = defaultdict(list)
    for scenario_id, text, menu_paths, fields in (
        SolutionStep.objects.filter(scenario_id__in=ids)
        .order_by("scenario_id", "order", "id")
        .values_list("scenario_id", *_STEP_COLUMNS)
    ):
        steps[scenario_id].append((text, cache.json(menu_paths), cache.json(fields)))
    # effective_systems(): the scenario's own systems, else its article's; each ordered by
    # name in the database, as System's default ordering has the related managers do.
    systems = defaultdict(list)
    for scenario_id, *system in (
        Scenario.systems.through.objects.filter(scenario_id__in=ids)
        .order_by("scenario_id", "system__name")
        .values_list("scenario_id", *_SYSTEM_COLUMNS)
    ):
        systems[scenario_id].append(system)
    inheriting = sorted({row[-1] for row in rows if row[0] not in systems})
    article_systems = defaultdict(list)
    if inheriting:
        for article_id, *system in (
            Article.systems.through.objects.filter(article_id__in=inheriting)
            .order_by("article_id", "system__name")
            .values_list("article_id", *_SYSTEM_COLUMNS)
        ):
            article_systems[article_id].append(system)
    for row in rows:
        scenario_id, article_id = row[0], row[-1]
        own = systems.get(scenario_id) or article_systems.get(article_id, [])
        yield scenario_id, _document(*row[:-1], steps.get(scenario_id, []), own, cache)


def _document(
    sid: int,
    slug: str,
    title: str,
    symptom: str,
    issue_title: str,
    article_title: str,
    article_slug: str,
    steps: list,  # (text, menu_paths, fields), in order
    systems: list,  # (name, short_name, slug), in order
    cache: "BuildCache",
) -> dict:
    menus = [path for _, paths, _ in steps for path in (paths or []) if isinstance(path, str)]
    fieldnames = [name for _, _, names in steps for name in (names or []) if isinstance(name, str)]
    step_texts = [text for text, _, _ in steps if text]
    system_slugs = [system_slug for _, _, system_slug in systems]
    context = " . ".join(
        [issue_title, article_title]
        + [f"{name} {short_name}".strip() for name, short_name, _ in systems]
    )
    # (words, terms) of each field. Titles and issue/article/system lines recur across
    # scenarios (one title per ten in kb_synth; an issue's scenarios are neighbours in id
    # order), so the build analyses each once. Steps recur too, but analysing them apart,
    # with care for compounds across two of them, cost more than it saved.
    analysed = {
        "title": cache.text(title),
        "symptom": analyze_words(symptom),
        "steps": analyze_words("\n".join(step_texts)),
        "menus": analyze_words(" . ".join([cache.menu_path(p) for p in menus])),
        "fieldnames": analyze_words(" . ".join(fieldnames)),
        "context": cache.text(context),
    }
    terms = {name: field_terms for name, (_, field_terms) in analysed.items()}
    body = chain.from_iterable(
        [terms[name] for name in HEAD_FIELDS] + [terms[name] for name in TEXT_FIELDS]
    )
    return {
        "sid": str(sid),
        "slug": slug,
        "body": " ".join(body),
        "words": " ".join({w for words, _ in analysed.values() for w in words}),
        "systems": ",".join(system_slugs),
        "article_slug": article_slug,
        "facet": f"{article_slug}|{','.join(system_slugs)}",
        "display": {
            "title": title,
            "article": article_title,
            "issue": issue_title,
            "systems": [name for name, _, _ in systems],
            "system_slugs": system_slugs,
            "symptom": symptom,
            "steps": step_texts,
        },
        "terms": {
            name: " ".join(seq[:MAX_STORED_STEP_TERMS] if name == "steps" else seq)
            for name, seq in terms.items()
        },
    }


class BuildCache:
    """What building many documents memoises, for one build (never longer: a web worker that
    rebuilt its index keeps no cache)."""

    def __init__(self, size: int = 20_000):
        self.text = lru_cache(maxsize=size)(analyze_words)  # shared lists: never modify one
        self.menu_path = lru_cache(maxsize=size)(_menu_path)
        self.json = lru_cache(maxsize=size)(_json)  # likewise


def _menu_path(path: str) -> str:
    return " ".join(SolutionStep.split_path(path))


def _json(text: str | None):
    return None if text is None else json.loads(text)
