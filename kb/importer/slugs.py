"""Slugs for a parsed article: explicit `{#slug}` markers win, the rest come from titles."""

from django.utils.text import slugify

from .errors import ImportFailed
from .tree import ArticleData

SLUG_MAX = 120


def unique(base: str, *taken_sets: set[str]) -> str:
    base = base[:SLUG_MAX].strip("-") or "untitled"
    slug, number = base, 2
    while any(slug in taken for taken in taken_sets):
        suffix = f"-{number}"
        slug, number = base[: SLUG_MAX - len(suffix)] + suffix, number + 1
    for taken in taken_sets:
        taken.add(slug)
    return slug


def assign_slugs(article: ArticleData):
    """Give every scenario and issue a slug unique within the article (explicit ones win).

    An issue that is its own scenario shares the scenario's slug, so that slug must be free
    among both issues and scenarios.
    """
    scenario_slugs: set[str] = set()
    issue_slugs: set[str] = set()
    for issue in article.issues:
        for scenario in issue.scenarios:
            if scenario.slug in scenario_slugs:
                raise ImportFailed(f"Two scenarios use the slug '{scenario.slug}'.", scenario.line)
            if scenario.slug:
                scenario_slugs.add(scenario.slug)
        if issue.mirrors_scenario and issue.scenarios[0].slug:
            issue_slugs.add(issue.scenarios[0].slug)
        elif issue.slug and not issue.mirrors_scenario:
            issue_slugs.add(issue.slug)
    for issue in article.issues:
        if issue.mirrors_scenario:
            only = issue.scenarios[0]
            if not only.slug:
                only.slug = unique(slugify(only.title), scenario_slugs, issue_slugs)
            issue.slug = only.slug
            continue
        if not issue.slug:
            issue.slug = unique(slugify(issue.title), issue_slugs)
        for scenario in issue.scenarios:
            if not scenario.slug:
                scenario.slug = unique(slugify(scenario.title), scenario_slugs)
