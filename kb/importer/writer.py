"""Save an ArticleData tree: one transaction, matched by slug, so importing again updates.

An article in the database is brought in line with the file: issues, scenarios and steps are
matched by slug (steps by their ref, `<scenario-slug>/<n>[.<m>]`), updated in place when they
changed, created when new, and removed when the file no longer has them (a removed scenario
with visitor feedback is archived instead, and only once the editor confirmed it). Unchanged
rows are not saved, so a repeated import adds no history entries. A new article is a draft
unless `publish`; an existing one keeps its status unless `publish`.

Rows are read, compared and written in bulk, a few queries per kind of row whatever the file
holds (a save per row made a 3,000-scenario file take a minute): each created or changed row
still gets its history entry, and the search feed is told once about every scenario touched,
so the index catches up right after the commit.
"""

from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from kb.content import step_matching, versions
from kb.models import Article, Issue, Scenario, SolutionStep, Status, VersionKind
from kb.search.signals import record as record_index_changes

from . import images, permissions
from .errors import ImportFailed
from .planning import LIMITS, Plan, Systems, plan, resolve_systems
from .tree import ArticleData, step_refs

__all__ = ["LIMITS", "Plan", "plan", "resolve_systems", "save"]

BATCH_SIZE = 500  # rows per INSERT/UPDATE: well inside SQLite's limit on query parameters
ID_CHUNK = 2000  # ids per `IN (...)` when reading rows back


class ConfirmArchive(ImportFailed):
    """Scenarios with feedback would be archived and the editor has not confirmed it."""


def save(
    article: ArticleData,
    *,
    publish: bool = False,
    user=None,
    archive_confirmed: bool = False,
) -> Plan:
    """Write the tree. `user` (None: the operator) must be allowed to do what the plan says;
    archiving scenarios that have feedback needs `archive_confirmed`."""
    with transaction.atomic():
        systems = Systems()
        result = plan(article, systems)
        permissions.check(user, result, publish=publish)
        if result.archives_feedback and not archive_confirmed:
            raise ConfirmArchive(
                f"This import removes {len(result.scenarios_archived)} scenario(s) that visitors "
                f"gave feedback on ({', '.join(result.scenarios_archived)}: "
                f"{result.feedback_summary()}). They will be archived with that feedback kept; "
                "confirm that to import."
            )
        writer = _Writer(user)
        if result.article_exists:
            versions.ensure_baseline(Article.objects.get(slug=article.slug))
        row = writer.article(article, publish, systems)
        writer.content(row, article, systems)
        writer.remove(row, result)
        result.changed_rows = writer.changes
        record_index_changes(writer.touched)
        if writer.changes:  # one version for the whole import, none when nothing changed
            source = f" from {article.source}" if article.source else ""
            versions.record(row, user=user, kind=VersionKind.IMPORT, message=f"Imported{source}")
    return result


def _chunks(items, size=ID_CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _update_rows(model, rows, names) -> None:
    """UPDATE each row's `names` columns with one prepared statement run for every row.

    bulk_update() builds a CASE WHEN per row and field: 25 s for 3,000 edited steps on SQLite,
    where this takes a fraction of a second. Values go through each field's own conversion, as
    a save() would send them.
    """
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql = f"UPDATE {table} SET {columns} WHERE {pk} = %s"
    params = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        for batch in _chunks(params, BATCH_SIZE):
            cursor.executemany(sql, batch)


class _Writer:
    def __init__(self, user):
        self.user = user
        self.now = timezone.now()
        self.changes = 0
        self.touched = set()  # scenarios whose search document may have changed

    def sync(self, model, items, fields):
        """items: (existing row or None, values). Creates the new rows, updates the changed
        ones (with their history, as save() would), returns (rows in order, new, changed)."""
        rows, new, changed = [], [], []
        for row, values in items:
            if row is None:
                row = model(**values)
                new.append(row)
            elif any(getattr(row, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                changed.append(row)
            rows.append(row)
        self.write(model, new, changed, fields)
        return rows, new, changed

    def write(self, model, new, changed, fields):
        history = model.history
        if new:
            model.objects.bulk_create(new, batch_size=BATCH_SIZE)
            history.bulk_history_create(new, batch_size=BATCH_SIZE, default_user=self.user)
        if changed:
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                for row in changed:
                    row.updated_at = self.now  # what auto_now does on save()
                fields = [*fields, "updated_at"]
            _update_rows(model, changed, fields)
            history.bulk_history_create(
                changed, batch_size=BATCH_SIZE, update=True, default_user=self.user
            )
        self.changes += len(new) + len(changed)

    def article(self, article: ArticleData, publish: bool, systems: Systems) -> Article:
        row = Article.objects.filter(slug=article.slug).first() or Article(slug=article.slug)
        values = {"title": article.title, "summary": article.summary, "source": article.source}
        if publish:
            values["status"] = Status.PUBLISHED
            values["published_at"] = row.published_at or timezone.now()
        elif row.pk is None:
            values["status"] = Status.DRAFT
        if row.pk is None or any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            if self.user is not None:
                row._history_user = self.user
            row.save()  # one row: its signals tell the index about every scenario it has
            self.changes += 1
        wanted = systems.resolve(article.systems, "article")
        if {s.pk for s in row.systems.all()} != {s.pk for s in wanted}:
            row.systems.set(wanted)
            self.changes += 1
        return row

    def content(self, row: Article, article: ArticleData, systems: Systems) -> None:
        issues = {issue.slug: issue for issue in Issue.objects.filter(article=row)}
        issue_rows, _, changed = self.sync(Issue, [
            (issues.get(issue.slug), {
                "article_id": row.pk, "slug": issue.slug, "title": issue.title,
                "title_inferred": issue.title_inferred, "order": order,
            })
            for order, issue in enumerate(article.issues, 1)
        ], ["title", "title_inferred", "order"])  # fmt: skip
        if changed:  # an issue's title is part of its scenarios' documents
            self.touched |= set(
                Scenario.objects.filter(issue__in=changed).values_list("pk", flat=True)
            )
        self.kept_issues = [issue.pk for issue in issue_rows]
        scenarios = self.scenarios(article, issue_rows)
        self.scenario_systems(article, scenarios, systems)
        self.steps(article, scenarios)

    def scenarios(self, article: ArticleData, issue_rows) -> dict[str, Scenario]:
        slugs = [s.slug for s in article.scenarios()]
        existing = {s.slug: s for s in Scenario.objects.filter(slug__in=slugs)}
        items = []
        for issue, issue_row in zip(article.issues, issue_rows, strict=True):
            for order, scenario in enumerate(issue.scenarios, 1):
                items.append((existing.get(scenario.slug), {
                    "issue_id": issue_row.pk, "slug": scenario.slug, "title": scenario.title,
                    "title_inferred": scenario.title_inferred, "symptom": scenario.symptom,
                    "order": order, "archived_at": None,
                }))  # fmt: skip
        fields = ["issue_id", "title", "title_inferred", "symptom", "order", "archived_at"]
        rows, new, changed = self.sync(Scenario, items, fields)
        self.touched |= {s.pk for s in new} | {s.pk for s in changed}
        return {s.slug: s for s in rows}

    def scenario_systems(self, article: ArticleData, rows: dict, systems: Systems) -> None:
        through = Scenario.systems.through
        have = {}
        for ids in _chunks(s.pk for s in rows.values()):
            for scenario_id, system_id in through.objects.filter(scenario_id__in=ids).values_list(
                "scenario_id", "system_id"
            ):
                have.setdefault(scenario_id, set()).add(system_id)
        add = []
        for scenario in article.scenarios():
            pk = rows[scenario.slug].pk
            wanted = {s.pk for s in systems.resolve(scenario.systems, scenario.slug)}
            current = have.get(pk, set())
            if wanted == current:
                continue
            if current - wanted:
                through.objects.filter(scenario_id=pk, system_id__in=current - wanted).delete()
            add += [through(scenario_id=pk, system_id=s) for s in wanted - current]
            self.changes += 1
            self.touched.add(pk)
        through.objects.bulk_create(add, batch_size=BATCH_SIZE)

    def steps(self, article: ArticleData, rows: dict) -> None:
        """Steps are matched to the saved ones by content (kb.content.step_matching), so an
        inserted or moved step leaves every other step, and its feedback, on its own row."""
        saved = defaultdict(list)
        for ids in _chunks(s.pk for s in rows.values()):
            for step in SolutionStep.objects.filter(scenario_id__in=ids).order_by("order", "pk"):
                saved[step.scenario_id].append(step)
        wanted, matched, pictures = {}, {}, {}
        for scenario in article.scenarios():
            pk = rows[scenario.slug].pk
            refs = list(step_refs(scenario))
            for ref, parent_ref, order, step in refs:
                if step.images is not None:
                    pictures[ref] = step.images
                wanted[ref] = (parent_ref, {
                    "ref": ref, "scenario_id": pk, "order": order, "kind": step.kind,
                    "text": step.text, "menu_paths": step.menu_paths, "fields": step.fields,
                    "link_url": step.link_url,
                })  # fmt: skip
            current = saved.get(pk)
            if current and {s.ref: s.text for s in current} == {
                ref: step.text for ref, _, _, step in refs
            }:  # the same texts at the same places: nothing to match (a repeated import)
                matched |= {s.ref: s for s in current}
            elif current:
                found = step_matching.match(current, [step.text for *_, step in refs])
                matched |= {refs[i][0]: row for i, row in found.items()}
        kept = {row.pk for row in matched.values()}
        left = [step for steps in saved.values() for step in steps if step.pk not in kept]
        if left:
            # A step no visitor answered has no feedback to misplace: one at the same place
            # that matched nothing keeps its row (and its id).
            answered = set()
            for ids in _chunks(step.pk for step in left):
                answered |= step_matching.with_feedback(ids)
            for step in left:
                if step.ref in wanted and step.ref not in matched and step.pk not in answered:
                    matched[step.ref] = step
                    kept.add(step.pk)
        self.retire_steps(matched, [step for step in left if step.pk not in kept])
        fields = ["scenario_id", "parent_id", "ref", "order", "kind", "text", "menu_paths",
                  "fields", "link_url"]  # fmt: skip
        done = {}
        # Parents first, so their children can point at them.
        for top_level in (True, False):
            items = [
                (matched.get(ref), {**values, "parent_id": done[parent] if parent else None})
                for ref, (parent, values) in wanted.items()
                if (parent is None) == top_level
            ]
            steps, new, changed = self.sync(SolutionStep, items, fields)
            done |= {step.ref: step.pk for step in steps}
            self.touched |= {step.scenario_id for step in (*new, *changed)}
        # Screenshots are not searched: the index is not told.
        self.changes += images.save({done[ref]: found for ref, found in pictures.items()})

    def retire_steps(self, matched: dict, stale: list) -> None:
        """Free the refs and parents the kept steps are about to take, then archive the steps
        no longer in the file that visitors gave feedback on, and delete the others."""
        stale_ids = {step.pk for step in stale}
        moving = []
        for ref, row in matched.items():
            if row.ref != ref or row.parent_id in stale_ids:
                row.ref = f"~{row.pk}" if row.ref != ref else row.ref
                row.parent_id = None if row.parent_id in stale_ids else row.parent_id
                moving.append(row)
        _update_rows(SolutionStep, moving, ["ref", "parent_id"])
        if not stale:
            return
        keep = set()
        for ids in _chunks(stale_ids):
            keep |= step_matching.with_feedback(ids)
        archive = [step for step in stale if step.pk in keep]
        for step in archive:
            step.archived_at, step.parent_id = self.now, None
            step.ref = step_matching.archived_ref()
        self.write(SolutionStep, [], archive, ["archived_at", "parent_id", "ref"])
        self.touched |= {step.scenario_id for step in stale}
        gone = [step.pk for step in stale if step.pk not in keep]
        if gone:  # few at a time; delete() keeps their history and tells the index
            self.changes += len(gone)
            for ids in _chunks(gone):
                SolutionStep.objects.filter(pk__in=ids).delete()

    def remove(self, row: Article, result: Plan) -> None:
        removed = list(
            Scenario.objects.filter(issue__article=row, slug__in=result.scenarios_removed)
        )
        kept = set(result.scenarios_archived)
        archive = [s for s in removed if s.slug in kept]
        gone = [s.pk for s in removed if s.slug not in kept]
        for scenario in archive:
            scenario.archived_at = self.now
        self.write(Scenario, [], archive, ["archived_at"])
        self.touched |= {s.pk for s in archive}
        if gone:
            self.changes += len(gone)
            Scenario.objects.filter(pk__in=gone).delete()
        # An issue the file dropped goes too, unless it still holds archived scenarios.
        empty = row.issues.exclude(pk__in=self.kept_issues).filter(scenarios__isnull=True)
        self.changes += empty.count()
        empty.delete()
