"""Check an ArticleData tree against the database (read only) and say what saving it would do.

Scenarios the file no longer has are removed: those with visitor feedback (votes, step outcomes,
checklist ticks, page views, search clicks) are archived instead, so that feedback stays in the
reports and backups; the plan counts it so the preview can ask before anything is archived.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db.models import Sum

from kb.models import (
    Article,
    PageView,
    Scenario,
    SearchLog,
    SolutionStep,
    StepCheck,
    StepOutcome,
    System,
    Vote,
)

from . import images
from .errors import ImportFailed
from .tree import ArticleData, step_refs

LIMITS = {"title": 200, "slug": 120, "link_url": 500}


@dataclass
class Plan:
    """What an import will do (or did) to the database."""

    article_slug: str
    article_exists: bool = False
    article_published: bool = False
    scenarios_created: list[str] = field(default_factory=list)
    scenarios_updated: list[str] = field(default_factory=list)
    scenarios_removed: list[str] = field(default_factory=list)
    # Removed scenarios that visitors gave feedback on: archived, never deleted.
    scenarios_archived: list[str] = field(default_factory=list)
    votes: int = 0  # feedback on the archived scenarios, for the preview
    step_outcomes: int = 0
    checklist_ticks: int = 0
    page_views: int = 0
    steps: int = 0
    changed_rows: int = 0  # filled in by save()

    @property
    def archives_feedback(self) -> bool:
        return bool(self.scenarios_archived)

    def feedback_summary(self) -> str:
        return (
            f"{self.votes} vote(s), {self.step_outcomes} step outcome(s), "
            f"{self.checklist_ticks} checklist tick(s) and {self.page_views} page view(s)"
        )

    def summary(self) -> str:
        verb = "update" if self.article_exists else "create"
        parts = [f"{verb} article {self.article_slug}"]
        for label, slugs in (
            ("new", self.scenarios_created),
            ("updated", self.scenarios_updated),
            ("removed", self.scenarios_removed),
        ):
            if slugs:
                parts.append(f"{len(slugs)} {label} scenario(s): {', '.join(slugs)}")
        if self.scenarios_archived:
            parts.append(
                f"{len(self.scenarios_archived)} of the removed archived with their feedback "
                f"({self.feedback_summary()})"
            )
        parts.append(f"{self.steps} step(s)")
        return "; ".join(parts)


class Systems:
    """Every system, read once, matched as resolve_systems() always did: by slug, name or short
    name (case-insensitive), the first by name winning."""

    def __init__(self):
        self.rows = list(System.objects.order_by("name"))

    def resolve(self, names: list[str], where: str) -> list[System]:
        systems = []
        for name in names:
            lowered = name.lower()
            found = next(
                (
                    s
                    for s in self.rows
                    if s.slug == name
                    or s.name.lower() == lowered
                    or (s.short_name and s.short_name.lower() == lowered)
                ),  # fmt: skip
                None,
            )
            if found is None:
                raise ImportFailed(
                    f"{where}: unknown system {name!r} (use a system's slug or name)."
                )
            systems.append(found)
        return systems


def resolve_systems(names: list[str], where: str) -> list[System]:
    return Systems().resolve(names, where)


def _check_limits(article: ArticleData):
    url = URLValidator(schemes=["http", "https"])
    checks = [("article", "slug", article.slug), ("article", "title", article.title)]
    for issue in article.issues:
        checks += [(issue.title, "slug", issue.slug), (issue.title, "title", issue.title)]
    for scenario in article.scenarios():
        checks += [(scenario.slug, "title", scenario.title)]
        for ref, _, _, step in step_refs(scenario):
            checks.append((ref, "link_url", step.link_url))
            if not step.text.strip():
                raise ImportFailed(f"Step {ref} has no text.", step.line or None)
            if step.link_url:
                try:
                    url(step.link_url)
                except ValidationError as exc:
                    raise ImportFailed(f"Step {ref}: {step.link_url!r} is not a web address.",
                                       step.line or None) from exc  # fmt: skip
    for kind, slugs in (
        ("scenario", [s.slug for s in article.scenarios()]),
        ("issue", [i.slug for i in article.issues]),
    ):
        seen = set()
        for slug in slugs:
            if slug in seen:
                raise ImportFailed(f"Two {kind}s in this article use the slug {slug!r}.")
            seen.add(slug)
    for slug in [
        article.slug,
        *(i.slug for i in article.issues),
        *(s.slug for s in article.scenarios()),
    ]:
        try:
            validate_slug(slug)
        except ValidationError as exc:
            raise ImportFailed(f"{slug!r} is not a valid slug (letters, digits, '-').") from exc
    for where, name, value in checks:
        if not value and name != "link_url":
            raise ImportFailed(f"{where}: the {name} is empty.")
        if len(value) > LIMITS[name]:
            raise ImportFailed(f"{where}: the {name} is longer than {LIMITS[name]} characters.")


def with_feedback(scenario_ids) -> set[int]:
    """Those of these scenarios that visitors told us something about."""
    ids = list(scenario_ids)
    found = set(Vote.objects.filter(scenario__in=ids).values_list("scenario_id", flat=True))
    found |= set(PageView.objects.filter(scenario__in=ids).values_list("scenario_id", flat=True))
    found |= set(
        SearchLog.objects.filter(clicked_scenario__in=ids).values_list(
            "clicked_scenario_id", flat=True
        )
    )
    for model in (StepOutcome, StepCheck):
        found |= set(
            model.objects.filter(step__scenario__in=ids).values_list("step__scenario_id", flat=True)
        )
    return found


def plan(article: ArticleData, systems: Systems | None = None) -> Plan:
    """Check the tree against the database (read only) and say what saving it would do."""
    _check_limits(article)
    images.check(step for s in article.scenarios() for *_, step in step_refs(s))
    systems = systems or Systems()
    systems.resolve(article.systems, f"article {article.slug}")
    for scenario in article.scenarios():
        systems.resolve(scenario.systems, f"scenario {scenario.slug}")
    slugs = [s.slug for s in article.scenarios()]
    taken = (
        Scenario.objects.filter(slug__in=slugs)
        .exclude(issue__article__slug=article.slug)
        .select_related("issue__article")
    )
    for other in taken[:1]:
        raise ImportFailed(
            f"The scenario slug {other.slug!r} already belongs to the article "
            f"{other.issue.article.slug!r}. Give this scenario another slug ({{#new-slug}} after "
            "its heading, or in the mapping file)."
        )
    refs = [ref for s in article.scenarios() for ref, *_ in step_refs(s)]
    clash = SolutionStep.objects.filter(ref__in=refs).exclude(scenario__slug__in=slugs).first()
    if clash:
        raise ImportFailed(f"The step ref {clash.ref!r} is used by another scenario.")
    existing = dict(
        Scenario.objects.filter(issue__article__slug=article.slug).values_list(
            "slug", "archived_at"
        )
    )
    current = {slug for slug, archived_at in existing.items() if archived_at is None}
    row = Article.objects.filter(slug=article.slug).first()
    result = Plan(
        article_slug=article.slug,
        article_exists=row is not None,
        article_published=bool(row and row.is_published),
        scenarios_created=[s for s in slugs if s not in existing],
        scenarios_updated=[s for s in slugs if s in existing],
        scenarios_removed=sorted(current - set(slugs)),
        steps=len(refs),
    )
    if result.scenarios_removed:
        _count_feedback(result)
    return result


def _count_feedback(result: Plan) -> None:
    removed = dict(
        Scenario.objects.filter(slug__in=result.scenarios_removed).values_list("pk", "slug")
    )
    kept = with_feedback(removed)
    result.scenarios_archived = sorted(removed[pk] for pk in kept)
    result.votes = Vote.objects.filter(scenario__in=kept).count()
    result.step_outcomes = StepOutcome.objects.filter(step__scenario__in=kept).count()
    result.checklist_ticks = StepCheck.objects.filter(step__scenario__in=kept).count()
    result.page_views = (
        PageView.objects.filter(scenario__in=kept).aggregate(n=Sum("count"))["n"] or 0
    )
