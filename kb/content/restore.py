"""Put a version back: the article, its issues, scenarios, steps and systems as they were.

Rows are matched by id, then by natural key, and updated in place, so visitors' feedback stays
with its scenario and step. A scenario or step the version does not have is archived when
visitors gave feedback on it (kept for the reports) and deleted otherwise. The publication
status is not restored: restoring is an edit, publishing stays a decision of its own. Every row
is saved with save(), so the per-row history and the search index follow; the restore is then
recorded as a new version.
"""

from django.db import transaction
from django.utils import timezone

from kb.importer.planning import with_feedback
from kb.models import (
    Article,
    ArticleSlugRedirect,
    Issue,
    Scenario,
    SlugRedirect,
    SolutionStep,
    System,
    VersionKind,
)
from kb.search.signals import record as record_index_changes

from . import step_images, versions
from .step_matching import archive as archive_steps
from .step_matching import with_feedback as with_step_feedback


class RestoreFailed(Exception):
    """The version cannot be put back as it is (a slug now belongs to another page)."""


#: Fields not in a snapshot that a working copy carries over when present in the tree.
EXTRA_SCENARIO_FIELDS = ("pinned", "is_synthetic")
EXTRA_STEP_FIELDS = ("outcome_question",)


def restore(version, *, user=None, message=""):
    """Bring `version`'s tree back and record that as a new version (returned)."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=version.article_id)
        versions.ensure_baseline(article.pk)
        apply(article, version.snapshot)
        note = f"Restored version {version.number}" + (f": {message}" if message else "")
        return versions.record(article, user=user, kind=VersionKind.RESTORE, message=note)


def apply(article, tree) -> dict[tuple[str, int], int]:
    """Put `tree` onto `article`'s rows (in the caller's transaction); the search index follows.
    Returns {(kind, id in the tree): pk of the row that now holds it}."""
    touched = set(Scenario.objects.filter(issue__article=article).values_list("pk", flat=True))
    restorer = _Restorer(article, tree)
    touched |= restorer.run()
    record_index_changes(touched)
    return restorer.placed


class _Restorer:
    def __init__(self, article, tree):
        self.article, self.tree, self.now = article, tree, timezone.now()
        self.placed = {}

    def run(self) -> set[int]:
        self.article_fields()
        issues = self.issues()
        scenarios = self.scenarios(issues)
        for data, row in scenarios:
            self.steps(row, data["steps"])
        return {row.pk for _, row in scenarios}

    def article_fields(self):
        data, article = self.tree["article"], self.article
        if data["slug"] != article.slug:
            if Article.objects.filter(slug=data["slug"]).exclude(pk=article.pk).exists():
                raise RestoreFailed(
                    f"The article slug {data['slug']!r} now belongs to another article."
                )
            if article.is_published:
                ArticleSlugRedirect.objects.filter(old_slug=data["slug"]).delete()
                ArticleSlugRedirect.objects.update_or_create(
                    old_slug=article.slug, defaults={"article": article}
                )
        for name in ("slug", "title", "summary", "source"):
            setattr(article, name, data[name])
        article.save()
        article.systems.set(System.objects.filter(slug__in=data["systems"]))

    def issues(self) -> dict[int, Issue]:
        current = {issue.pk: issue for issue in Issue.objects.filter(article=self.article)}
        by_slug = {issue.slug: issue for issue in current.values()}
        rows, kept = {}, set()
        for data in self.tree["issues"]:
            row = current.get(data["id"]) or by_slug.get(data["slug"])
            if row is None or row.pk in kept:
                row = Issue(article=self.article)
            for name in ("slug", "title", "title_inferred", "order"):
                setattr(row, name, data[name])
            row.save()
            kept.add(row.pk)
            rows[data["id"]] = row
            self.placed["issue", data["id"]] = row.pk
        self.stale_issues = [pk for pk in current if pk not in kept]
        return rows

    def scenarios(self, issues) -> list[tuple[dict, Scenario]]:
        current = {s.pk: s for s in Scenario.objects.filter(issue__article=self.article)}
        by_slug = {s.slug: s for s in current.values()}
        done, kept = [], set()
        for issue_data in self.tree["issues"]:
            for data in issue_data["scenarios"]:
                row = current.get(data["id"]) or by_slug.get(data["slug"])
                if row is None:
                    other = Scenario.objects.filter(slug=data["slug"]).first()
                    if other is not None:
                        raise RestoreFailed(
                            f"The scenario slug {data['slug']!r} now belongs to another "
                            "article's scenario; rename one of them first."
                        )
                    row = Scenario()
                elif row.slug != data["slug"] and row.is_published:
                    SlugRedirect.objects.filter(old_slug=data["slug"]).delete()
                    SlugRedirect.objects.update_or_create(
                        old_slug=row.slug, defaults={"scenario": row}
                    )
                row.issue = issues[issue_data["id"]]
                for name in ("slug", "title", "title_inferred", "symptom", "order"):
                    setattr(row, name, data[name])
                for name in EXTRA_SCENARIO_FIELDS:
                    setattr(row, name, data.get(name, getattr(row, name)))
                row.archived_at = None
                row.save()
                row.systems.set(System.objects.filter(slug__in=data["systems"]))
                kept.add(row.pk)
                done.append((data, row))
                self.placed["scenario", data["id"]] = row.pk
        gone = [s for pk, s in current.items() if pk not in kept and s.archived_at is None]
        keep = with_feedback(s.pk for s in gone)
        for scenario in gone:
            if scenario.pk in keep:
                scenario.archived_at = self.now
                scenario.save()
            else:
                scenario.delete()
        Issue.objects.filter(pk__in=self.stale_issues, scenarios__isnull=True).delete()
        return done

    def steps(self, scenario, wanted: list[dict]) -> None:
        current = {s.pk: s for s in SolutionStep.all_objects.filter(scenario=scenario)}
        live_refs = {s.ref: s for s in current.values() if s.archived_at is None}
        rows, used = [], set()
        for data in wanted:
            row = current.get(data["id"]) or live_refs.get(data["ref"])
            if row is None or row.pk in used:
                row = SolutionStep(scenario=scenario)
            else:
                used.add(row.pk)
            rows.append((data, row))
        # Free refs and parents first: a kept step may take a ref or lose a parent that a
        # removed step holds.
        for pk in used:
            SolutionStep.all_objects.filter(pk=pk).update(parent=None, ref=f"~{pk}")
        stale = [s for pk, s in current.items() if pk not in used and s.archived_at is None]
        keep = with_step_feedback(s.pk for s in stale)
        archive_steps([s for s in stale if s.pk in keep], self.now)
        SolutionStep.all_objects.filter(pk__in=[s.pk for s in stale if s.pk not in keep]).delete()
        by_ref = {}
        for top_level in (True, False):
            for data, row in rows:
                if (data.get("parent") is None) != top_level:
                    continue
                for name in ("ref", "order", "kind", "text", "menu_paths", "fields", "link_url"):
                    setattr(row, name, data[name])
                for name in EXTRA_STEP_FIELDS:
                    setattr(row, name, data.get(name, getattr(row, name)))
                row.parent = by_ref.get(data.get("parent"))
                row.archived_at = None
                row.save()
                step_images.sync(row.pk, data.get("images", []))
                by_ref[row.ref] = row
                self.placed["step", data["id"]] = row.pk
