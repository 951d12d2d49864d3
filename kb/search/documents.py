"""Scenario -> search document. The only place that knows how content maps onto index fields."""

from collections.abc import Iterable, Iterator

from kb.models import Scenario, SolutionStep


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
    context = " . ".join(
        [scenario.issue.title, article.title]
        + [f"{s.name} {s.short_name}".strip() for s in systems]
    )
    menus_text = " . ".join(" ".join(SolutionStep.split_path(p)) for p in menus)
    body = [scenario.title, scenario.symptom, *step_texts, menus_text, *fieldnames, context]
    return {
        "sid": str(scenario.id),
        "slug": scenario.slug,
        "title": scenario.title,
        "symptom": scenario.symptom,
        "steps": "\n".join(step_texts),
        "menus": menus_text,
        "fieldnames": " . ".join(fieldnames),
        "context": context,
        "words": "\n".join(body),
        "systems": ",".join(s.slug for s in systems),
        "article_slug": article.slug,
        "display": {
            "title": scenario.title,
            "article": article.title,
            "issue": scenario.issue.title,
            "systems": [s.name for s in systems],
            "system_slugs": [s.slug for s in systems],
            "symptom": scenario.symptom,
            "steps": step_texts,
        },
    }


def documents(scenarios: Iterable[Scenario]) -> Iterator[dict]:
    for scenario in scenarios:
        yield scenario_document(scenario)


def published_documents_for(ids: Iterable[int]) -> dict[int, dict]:
    """Documents of those of the given scenario ids that are published (the rest must go)."""
    return {s.id: scenario_document(s) for s in published_scenarios().filter(id__in=list(ids))}
