"""The working copy of a published article: a draft clone of its tree that editors change
while the public keeps seeing the published rows.

Scenario slugs and step refs are unique site-wide, so the clone's carry a suffix ("-wc<id>")
and new refs; Review.mapping records which published row each cloned row continues. Trees
are moved between the two through the restore machinery (kb.content.restore.apply), with ids,
slugs and refs translated: into the clone when it is made (or a version is restored into it),
back onto the published rows when it is published.
"""

from itertools import count

from django.db import transaction

from kb.models import (
    Article,
    ArticleVersion,
    Issue,
    Review,
    Scenario,
    SolutionStep,
    Status,
    VersionKind,
)
from kb.models.content import new_step_ref

from . import snapshot, versions
from .restore import EXTRA_SCENARIO_FIELDS, EXTRA_STEP_FIELDS, apply

KINDS = ("issue", "scenario", "step")
MODELS = {"issue": Issue, "scenario": Scenario, "step": SolutionStep}
SLUG_MAX = 120


def suffix(published_id: int) -> str:
    return f"-wc{published_id}"


def derived(slug: str, published_id: int) -> str:
    """The clone's slug for a published slug: unique, and a valid slug (single hyphens)."""
    end = suffix(published_id)
    return slug[: SLUG_MAX - len(end)].rstrip("-") + end


def of(article) -> Article | None:
    """The working copy of a published article, if it has one."""
    return Article.objects.filter(review__working_copy_of=article).first()


def review_of(article) -> Review | None:
    return Review.objects.filter(article=article).select_related("working_copy_of").first()


def published_of(article) -> Article | None:
    """The published article that `article` is the working copy of (None for other articles)."""
    review = review_of(article)
    return review.working_copy_of if review else None


def _with_extras(tree: dict) -> dict:
    """The snapshot plus the fields it leaves out that publishing must not drop."""
    scenarios = list(snapshot.scenarios_of(tree))
    steps = [step for scenario in scenarios for step in scenario["steps"]]
    extra = Scenario.objects.filter(pk__in=[s["id"] for s in scenarios])
    by_id = {row["id"]: row for row in extra.values("id", *EXTRA_SCENARIO_FIELDS)}
    for scenario in scenarios:
        scenario.update({k: v for k, v in by_id.get(scenario["id"], {}).items() if k != "id"})
    extra = SolutionStep.all_objects.filter(pk__in=[s["id"] for s in steps])
    by_id = {row["id"]: row for row in extra.values("id", *EXTRA_STEP_FIELDS)}
    for step in steps:
        step.update({k: v for k, v in by_id.get(step["id"], {}).items() if k != "id"})
    return tree


def _translate(tree: dict, ids: dict, slug_of, ref_of) -> dict:
    """A copy of `tree` with ids mapped through `ids[kind]` (unknown rows get negative ids, so
    they are created), each row's old id kept as "origin", and slugs and refs renamed."""
    fresh = count(1)
    refs = {}

    def ident(kind, row):
        return {"origin": row["id"], "id": ids[kind].get(row["id"]) or -next(fresh)}

    issues = []
    for issue in tree["issues"]:
        scenarios = []
        for scenario in issue["scenarios"]:
            steps = []
            for step in scenario["steps"]:
                new = {**step, **ident("step", step)}
                new["ref"] = refs[step["ref"]] = ref_of(new)
                steps.append(new)
            for step in steps:
                step["parent"] = refs.get(step["parent"])
            new = {**scenario, **ident("scenario", scenario), "steps": steps}
            scenarios.append({**new, "slug": slug_of(new)})
        issues.append({**issue, **ident("issue", issue), "scenarios": scenarios})
    return {**tree, "issues": issues}


def _remember(review: Review, placed: dict, tree: dict) -> None:
    """mapping: clone row -> the published row it continues (the tree rows' "origin")."""
    mapping = {kind: {} for kind in KINDS}
    rows = [("issue", i) for i in tree["issues"]]
    rows += [("scenario", s) for s in snapshot.scenarios_of(tree)]
    rows += [("step", st) for s in snapshot.scenarios_of(tree) for st in s["steps"]]
    for kind, row in rows:
        pk = placed.get((kind, row["id"]))
        if pk is not None and row.get("origin") is not None:
            mapping[kind][str(pk)] = row["origin"]
    review.mapping = mapping
    review.save(update_fields=["mapping"])


def fill(review: Review, tree: dict) -> None:
    """Put a tree of the published article (now, or a version of it) into the working copy."""
    published_id = review.working_copy_of_id
    ids = {kind: {} for kind in KINDS}
    for kind, pairs in review.mapping.items():
        ids[kind] = {origin: int(pk) for pk, origin in pairs.items()}
    clone_refs = dict(
        SolutionStep.all_objects.filter(pk__in=ids["step"].values()).values_list("pk", "ref")
    )
    translated = _translate(
        _with_extras(tree),
        ids,
        slug_of=lambda row: derived(row["slug"], published_id),
        ref_of=lambda row: clone_refs.get(row["id"]) or new_step_ref(),
    )
    article = translated["article"] = dict(translated["article"])
    article["slug"] = derived(article["slug"], published_id)
    placed = apply(review.article, translated)
    _remember(review, placed, translated)


def open_for(published: Article, user=None) -> Article:
    """The published article's working copy, cloned from it when it has none yet."""
    with transaction.atomic():
        versions.lock(published.pk)
        existing = of(published)
        if existing is not None:
            return existing
        versions.ensure_baseline(published.pk)
        base = ArticleVersion.objects.latest_number(published.pk)
        clone = Article.objects.create(
            slug=derived(published.slug, published.pk),
            title=published.title,
            status=Status.DRAFT,
            is_synthetic=published.is_synthetic,
            review_interval_days=published.review_interval_days,
            review_due_on=published.review_due_on,
        )
        review = Review.objects.create(article=clone, working_copy_of=published, base_version=base)
        fill(review, snapshot.take(published.pk))
        versions.record(
            clone, user=user, kind=VersionKind.BASELINE,
            message=f"Working copy of published version {base}",
        )  # fmt: skip
        return clone


def counterpart(obj, clone: Article):
    """The working copy's row that continues the published `obj` (an issue, scenario, step or
    the article itself); None when the working copy no longer has it."""
    if isinstance(obj, Article):
        return clone
    kind = {Issue: "issue", Scenario: "scenario", SolutionStep: "step"}[type(obj)]
    review = review_of(clone)
    for pk, origin in (review.mapping.get(kind, {}) if review else {}).items():
        if origin == obj.pk:
            return MODELS[kind]._base_manager.filter(pk=int(pk)).first()
    return None


def origin_of(obj):
    """The published row that a working copy's article, issue, scenario or step continues;
    None for other rows and rows new in the working copy."""
    if isinstance(obj, Article):
        return published_of(obj)
    kind = {Issue: "issue", Scenario: "scenario", SolutionStep: "step"}[type(obj)]
    article_id = {
        "issue": lambda: obj.article_id,
        "scenario": lambda: obj.issue.article_id,
        "step": lambda: obj.scenario.issue.article_id,
    }[kind]()
    review = Review.objects.filter(article_id=article_id, working_copy_of__isnull=False).first()
    origin = review.mapping.get(kind, {}).get(str(obj.pk)) if review else None
    return MODELS[kind]._base_manager.filter(pk=origin).first() if origin else None


def published_tree(review: Review) -> dict:
    """The working copy's tree in the published article's terms: ids, slugs and refs of the
    published rows it continues; new rows keep the slugs and refs the editors gave them."""
    published = review.working_copy_of
    ids = {kind: {int(pk): origin for pk, origin in review.mapping.get(kind, {}).items()}
           for kind in KINDS}  # fmt: skip
    slugs = dict(Scenario.objects.filter(pk__in=ids["scenario"].values()).values_list("pk", "slug"))
    refs = dict(
        SolutionStep.all_objects.filter(pk__in=ids["step"].values()).values_list("pk", "ref")
    )

    def slug_of(row):
        original = slugs.get(row["id"])
        if original and row["slug"] == derived(original, published.pk):
            return original
        return row["slug"].removesuffix(suffix(published.pk)) or row["slug"]

    tree = _translate(
        _with_extras(snapshot.take(review.article_id)),
        ids,
        slug_of=slug_of,
        ref_of=lambda row: refs.get(row["id"]) or row["ref"],
    )
    article = tree["article"] = dict(tree["article"], status=published.status)
    if article["slug"] == derived(published.slug, published.pk):
        article["slug"] = published.slug
    else:
        article["slug"] = article["slug"].removesuffix(suffix(published.pk)) or article["slug"]
    return tree
