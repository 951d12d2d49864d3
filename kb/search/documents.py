"""Scenario -> search document. The only place that knows how content maps onto index fields."""

from collections.abc import Iterable, Iterator

from kb.models import Scenario, SolutionStep

from .analysis import analyze
from .schema import HEAD_FIELDS, TEXT_FIELDS

# Steps can be long; the first terms carry the rerank signal and the stored size stays bounded.
MAX_STORED_STEP_TERMS = 300


def published_scenarios():
    """What the index must hold: published scenarios, with everything a document needs."""
    return Scenario.objects.published().with_content().order_by("id")


def scenario_document(scenario: Scenario) -> dict:
    steps = sorted(scenario.steps.all(), key=lambda s: (s.order, s.pk or 0))
    systems = scenario.effective_systems()
    article = scenario.issue.article
    menus = [path for step in steps for path in (step.menu_paths or []) if isinstance(path, str)]
    fieldnames = [name for step in steps for name in (step.fields or []) if isinstance(name, str)]
    step_texts = [step.text for step in steps if step.text]
    texts = {
        "title": scenario.title,
        "symptom": scenario.symptom,
        "steps": "\n".join(step_texts),
        "menus": " . ".join(" ".join(SolutionStep.split_path(p)) for p in menus),
        "fieldnames": " . ".join(fieldnames),
        "context": " . ".join(
            [scenario.issue.title, article.title]
            + [f"{s.name} {s.short_name}".strip() for s in systems]
        ),
    }
    analysed = {name: analyze(text) for name, text in texts.items()}
    terms = {name: [term for _, term, _, _ in tokens] for name, tokens in analysed.items()}
    body = [t for name in HEAD_FIELDS for t in terms[name]] + [
        t for name in TEXT_FIELDS for t in terms[name]
    ]
    return {
        "sid": str(scenario.id),
        "slug": scenario.slug,
        "body": " ".join(body),
        "words": " ".join({w for tokens in analysed.values() for w, _, _, _ in tokens}),
        "systems": ",".join(s.slug for s in systems),
        "article_slug": article.slug,
        "facet": f"{article.slug}|{','.join(s.slug for s in systems)}",
        "display": {
            "title": scenario.title,
            "article": article.title,
            "issue": scenario.issue.title,
            "systems": [s.name for s in systems],
            "system_slugs": [s.slug for s in systems],
            "symptom": scenario.symptom,
            "steps": step_texts,
        },
        "terms": {
            name: " ".join(seq[:MAX_STORED_STEP_TERMS] if name == "steps" else seq)
            for name, seq in terms.items()
        },
    }


def documents(scenarios: Iterable[Scenario]) -> Iterator[dict]:
    for scenario in scenarios:
        yield scenario_document(scenario)


def published_documents_for(ids: Iterable[int]) -> dict[int, dict]:
    """Documents of those of the given scenario ids that are published (the rest must go)."""
    return {s.id: scenario_document(s) for s in published_scenarios().filter(id__in=list(ids))}
