"""Save an ArticleData tree: one transaction, matched by slug, so importing again updates.

An article in the database is brought in line with the file: issues, scenarios and steps are
matched by slug (steps by their ref, `<scenario-slug>/<n>[.<m>]`), updated in place when they
changed, created when new, and removed when the file no longer has them. Unchanged rows are not
saved, so a repeated import adds no history entries. A new article is a draft unless
`publish`; an existing one keeps its status unless `publish`.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kb.models import Article, Issue, Scenario, SolutionStep, Status, System

from .errors import ImportFailed
from .tree import ArticleData, step_refs

LIMITS = {"title": 200, "slug": 120, "link_url": 500}


@dataclass
class Plan:
    """What an import will do (or did) to the database."""

    article_slug: str
    article_exists: bool = False
    scenarios_created: list[str] = field(default_factory=list)
    scenarios_updated: list[str] = field(default_factory=list)
    scenarios_removed: list[str] = field(default_factory=list)
    steps: int = 0
    changed_rows: int = 0  # filled in by save()

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
        parts.append(f"{self.steps} step(s)")
        return "; ".join(parts)


def resolve_systems(names: list[str], where: str) -> list[System]:
    systems = []
    for name in names:
        found = System.objects.filter(
            Q(slug=name) | Q(name__iexact=name) | Q(short_name__iexact=name)
        ).first()
        if found is None:
            raise ImportFailed(f"{where}: unknown system {name!r} (use a system's slug or name).")
        systems.append(found)
    return systems


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
        for slug in slugs:
            if slugs.count(slug) > 1:
                raise ImportFailed(f"Two {kind}s in this article use the slug {slug!r}.")
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


def plan(article: ArticleData) -> Plan:
    """Check the tree against the database (read only) and say what saving it would do."""
    _check_limits(article)
    resolve_systems(article.systems, f"article {article.slug}")
    for scenario in article.scenarios():
        resolve_systems(scenario.systems, f"scenario {scenario.slug}")
    slugs = [s.slug for s in article.scenarios()]
    taken = (
        Scenario.objects.filter(slug__in=slugs)
        .exclude(issue__article__slug=article.slug)
        .select_related("issue__article")
    )
    for other in taken:
        raise ImportFailed(
            f"The scenario slug {other.slug!r} already belongs to the article "
            f"{other.issue.article.slug!r}. Give this scenario another slug ({{#new-slug}} after "
            "its heading, or in the mapping file)."
        )
    refs = [ref for s in article.scenarios() for ref, *_ in step_refs(s)]
    clash = SolutionStep.objects.filter(ref__in=refs).exclude(scenario__slug__in=slugs).first()
    if clash:
        raise ImportFailed(f"The step ref {clash.ref!r} is used by another scenario.")
    existing = set(
        Scenario.objects.filter(issue__article__slug=article.slug).values_list("slug", flat=True)
    )
    return Plan(
        article_slug=article.slug,
        article_exists=Article.objects.filter(slug=article.slug).exists(),
        scenarios_created=[s for s in slugs if s not in existing],
        scenarios_updated=[s for s in slugs if s in existing],
        scenarios_removed=sorted(existing - set(slugs)),
        steps=len(refs),
    )


def _sync(obj, values: dict) -> bool:
    """Set values on obj; save only when something changed (or it is new)."""
    changed = obj.pk is None or any(getattr(obj, k) != v for k, v in values.items())
    for key, value in values.items():
        setattr(obj, key, value)
    if changed:
        obj.save()
    return changed


def _sync_m2m(manager, systems) -> bool:
    if {s.pk for s in manager.all()} == {s.pk for s in systems}:
        return False
    manager.set(systems)
    return True


def save(article: ArticleData, *, publish: bool = False) -> Plan:
    with transaction.atomic():
        result = plan(article)
        changes = 0
        row = Article.objects.filter(slug=article.slug).first() or Article(slug=article.slug)
        values = {"title": article.title, "summary": article.summary, "source": article.source}
        if publish:
            values["status"] = Status.PUBLISHED
            values["published_at"] = row.published_at or timezone.now()
        elif row.pk is None:
            values["status"] = Status.DRAFT
        changes += _sync(row, values)
        changes += _sync_m2m(row.systems, resolve_systems(article.systems, "article"))
        kept_issues = []
        for issue_order, issue in enumerate(article.issues, 1):
            issue_row = Issue.objects.filter(article=row, slug=issue.slug).first()
            issue_row = issue_row or Issue(article=row, slug=issue.slug)
            changes += _sync(issue_row, {
                "title": issue.title, "title_inferred": issue.title_inferred, "order": issue_order,
            })  # fmt: skip
            kept_issues.append(issue_row.pk)
            for order, scenario in enumerate(issue.scenarios, 1):
                changes += _save_scenario(issue_row, scenario, order)
        removed = Scenario.objects.filter(issue__article=row, slug__in=result.scenarios_removed)
        changes += removed.count() + row.issues.exclude(pk__in=kept_issues).count()
        removed.delete()
        row.issues.exclude(pk__in=kept_issues).delete()
        result.changed_rows = changes
    return result


def _save_scenario(issue_row, scenario, order) -> int:
    row = Scenario.objects.filter(slug=scenario.slug).first() or Scenario(slug=scenario.slug)
    changes = _sync(row, {
        "issue": issue_row, "title": scenario.title, "title_inferred": scenario.title_inferred,
        "symptom": scenario.symptom, "order": order,
    })  # fmt: skip
    changes += _sync_m2m(row.systems, resolve_systems(scenario.systems, scenario.slug))
    saved = {}
    for ref, parent_ref, step_order, step in step_refs(scenario):
        step_row = SolutionStep.objects.filter(ref=ref).first() or SolutionStep(ref=ref)
        changes += _sync(step_row, {
            "scenario": row, "parent": saved.get(parent_ref), "order": step_order,
            "kind": step.kind, "text": step.text, "menu_paths": step.menu_paths,
            "fields": step.fields, "link_url": step.link_url,
        })  # fmt: skip
        saved[ref] = step_row
    stale = row.steps.exclude(ref__in=saved)
    changes += stale.count()
    stale.delete()
    return changes
