"""Synthetic benchmark content: many realistic scenarios, marked `is_synthetic`, removable.

Each synthetic article is drawn from its own random stream, seeded by (seed, article number),
so a seed always yields the same content and a second run with the same seed continues after
the articles already there instead of colliding with them.

Rows are written with bulk_create: no signals fire, so neither history rows nor IndexChange
rows are written (100,000 feed entries would make every process replay them one by one).
Rebuild the search index afterwards (`manage.py kb_rebuild_index`).
"""

import random
import re
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate

from django.db import transaction
from django.db.models import CASCADE, SET_NULL
from django.utils import timezone
from django.utils.text import slugify

from kb.models import Article, Issue, Scenario, SolutionStep, Status, StepKind, System

from . import vocab

SLUG_PREFIX = "synth"
ARTICLES_PER_BATCH = 400


class Zipf:
    """Pick from a list ranked by frequency: item r is drawn with weight 1 / (r + 1) ** s."""

    def __init__(self, items, s=1.1):
        self.items = list(items)
        self.cum = list(accumulate(1 / (rank + 1) ** s for rank in range(len(self.items))))

    def __call__(self, rng):
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


OBJECT = Zipf(vocab.OBJECTS)
FAILURE = Zipf(vocab.FAILURES)
CAUSE = Zipf(vocab.CAUSES)
EVENT = Zipf(vocab.EVENTS)
ROLE = Zipf(vocab.ROLES)
VERB = Zipf(vocab.VERBS)
MENU_ROOT = Zipf(vocab.MENU_ROOTS)
MENU_ITEM = Zipf(vocab.MENU_ITEMS)
FIELD = Zipf(vocab.FIELDS)
VALUE = Zipf(vocab.VALUES)
WORD = Zipf(vocab.EVERYDAY, s=1.0)


@dataclass
class StepDraft:
    kind: str
    text: str
    menu_paths: list = field(default_factory=list)
    fields: list = field(default_factory=list)
    children: list = field(default_factory=list)


@dataclass
class ScenarioDraft:
    title: str
    symptom: str
    systems: list  # System ids; empty: the article's
    steps: list


@dataclass
class ArticleDraft:
    number: int
    title: str
    summary: str
    systems: list
    issues: list = field(default_factory=list)  # (title, [ScenarioDraft])


def _title(text):
    return text[:1].upper() + text[1:]


def _a(noun):
    return f"an {noun}" if noun[0] in "aeiouAEIOU" else f"a {noun}"


def _menu_path(rng):
    parts = [MENU_ROOT(rng)] + [MENU_ITEM(rng) for _ in range(rng.randint(1, 3))]
    return " > ".join(dict.fromkeys(parts))


def _chatter(rng, words):
    return " ".join(WORD(rng) for _ in range(words))


def _step(rng, system_name):
    obj, field_name = OBJECT(rng), FIELD(rng)
    roll = rng.random()
    if roll < 0.45:
        path = _menu_path(rng)
        return StepDraft(
            StepKind.ALTERNATIVE,
            f"In {system_name}, go to {path} and set {field_name} to {VALUE(rng)}.",
            menu_paths=[path],
            fields=[field_name],
        )
    if roll < 0.7:
        return StepDraft(
            StepKind.ALTERNATIVE,
            f"Check that {CAUSE(rng).replace('the ', 'no ', 1)} for the {obj}; "
            f"{_chatter(rng, rng.randint(4, 10))}.",
        )
    if roll < 0.85:
        return StepDraft(
            StepKind.ALTERNATIVE,
            f"{_title(VERB(rng))} the {obj} again after {EVENT(rng)}.",
        )
    return StepDraft(
        rng.choice([StepKind.NOTE, StepKind.WARNING]),
        f"{_title(_chatter(rng, rng.randint(6, 14)))}: {CAUSE(rng)}.",
    )


def _steps(rng, system_name, total):
    """Top-level steps, some with numbered sub-steps; `total` counts both."""
    steps, left = [], total
    while left > 0:
        step = _step(rng, system_name)
        left -= 1
        if step.kind == StepKind.ALTERNATIVE and left >= 2 and rng.random() < 0.3:
            for _ in range(rng.randint(2, min(4, left))):
                path = _menu_path(rng)
                step.children.append(
                    StepDraft(StepKind.STEP, f"Go to {path}.", menu_paths=[path])
                )
                left -= 1
        steps.append(step)
    return steps


def _scenario(rng, systems):
    obj, failure = OBJECT(rng), FAILURE(rng)
    system_ids = [s.pk for s in rng.sample(systems, rng.randint(0, min(2, len(systems))))]
    where = next((s for s in systems if s.pk in system_ids), systems[0])
    short = where.short_name or where.name
    title = _title(f"{obj} {failure} in {short}")
    if rng.random() < 0.5:
        symptom = (
            f"When {ROLE(rng)} tries to {VERB(rng)} {_a(obj)}, {short} shows "
            f"\"{rng.choice(vocab.ERROR_CODES)}: {_title(obj)} {failure}\"."
        )
    else:
        symptom = f"After {EVENT(rng)}, the {obj} {failure}: {CAUSE(rng)}."
    return ScenarioDraft(title, symptom, system_ids, _steps(rng, short, rng.randint(3, 12)))


def draft_article(seed, number, systems):
    """One article with 1-4 issues of 1-5 scenarios, the same for the same (seed, number)."""
    rng = random.Random(f"{seed}:{number}")
    article_systems = rng.sample(systems, rng.randint(1, 2))
    names = " / ".join(s.short_name or s.name for s in article_systems)
    draft = ArticleDraft(
        number,
        f"{names}: {_title(OBJECT(rng))} troubleshooting ({number})",
        f"Problems seen with {names} and how to fix them. {_title(_chatter(rng, 12))}.",
        article_systems,
    )
    for _ in range(rng.randint(1, 4)):
        issue_title = _title(f"{OBJECT(rng)} {FAILURE(rng)}")
        scenarios = [_scenario(rng, article_systems) for _ in range(rng.randint(1, 5))]
        draft.issues.append((issue_title, scenarios))
    return draft


def synthetic_systems():
    """The other products synthetic content is about, created on first use."""
    for slug, name, short in vocab.SYSTEMS:
        System.objects.get_or_create(slug=slug, defaults={"name": name, "short_name": short})
    return list(System.objects.filter(slug__in=[s[0] for s in vocab.SYSTEMS]).order_by("slug"))


def _article_number(slug):
    match = re.fullmatch(rf"{SLUG_PREFIX}-s\d+-(\d+)", slug)
    return int(match.group(1)) if match else None


def _next_article_number(seed):
    slugs = Article.objects.filter(slug__startswith=f"{SLUG_PREFIX}-s{seed}-", is_synthetic=True)
    numbers = (_article_number(slug) for slug in slugs.values_list("slug", flat=True))
    return max((n for n in numbers if n is not None), default=0) + 1


def generate(count, seed=0, progress=None):
    """Add `count` published synthetic scenarios; returns how many were added."""
    if count <= 0:
        return 0
    systems = synthetic_systems()
    number, added = _next_article_number(seed), 0
    while added < count:
        drafts = []
        while added < count and len(drafts) < ARTICLES_PER_BATCH:
            draft = draft_article(seed, number, systems)
            for _title_, scenarios in draft.issues:
                del scenarios[count - added :]
                added += len(scenarios)
            draft.issues = [(t, s) for t, s in draft.issues if s]
            drafts.append(draft)
            number += 1
        _write(seed, drafts)
        if progress:
            progress(added)
    return added


def _slug(text, suffix):
    return f"{slugify(text)[:80].strip('-')}-{suffix}"


@transaction.atomic
def _write(seed, drafts):
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            slug=f"{SLUG_PREFIX}-s{seed}-{d.number}",
            title=d.title,
            summary=d.summary,
            status=Status.PUBLISHED,
            published_at=now,
            source="kb_synth",
            is_synthetic=True,
        )
        for d in drafts
    )
    Article.systems.through.objects.bulk_create(
        Article.systems.through(article_id=a.pk, system_id=s.pk)
        for a, d in zip(articles, drafts, strict=True)
        for s in d.systems
    )
    issue_rows, scenario_drafts = [], []
    for article, d in zip(articles, drafts, strict=True):
        for i, (title, scenarios) in enumerate(d.issues, 1):
            issue_rows.append(Issue(article=article, slug=f"i{i}", title=title, order=i))
            scenario_drafts.append(scenarios)
    issues = Issue.objects.bulk_create(issue_rows)
    scenario_rows, flat = [], []
    for issue, scenarios in zip(issues, scenario_drafts, strict=True):
        key = f"s{seed}-{issue.article.slug.rsplit('-', 1)[1]}-{issue.order}"
        for j, s in enumerate(scenarios, 1):
            scenario_rows.append(
                Scenario(
                    issue=issue,
                    slug=_slug(s.title, f"{key}-{j}"),
                    title=s.title,
                    symptom=s.symptom,
                    order=j,
                    is_synthetic=True,
                )
            )
            flat.append(s)
    scenarios = Scenario.objects.bulk_create(scenario_rows)
    Scenario.systems.through.objects.bulk_create(
        Scenario.systems.through(scenario_id=row.pk, system_id=system_id)
        for row, s in zip(scenarios, flat, strict=True)
        for system_id in s.systems
    )
    _write_steps(scenarios, flat)


def _write_steps(scenarios, drafts):
    def row(scenario, ref, order, step, parent=None):
        return SolutionStep(
            scenario=scenario,
            parent=parent,
            ref=ref,
            order=order,
            kind=step.kind,
            text=step.text,
            menu_paths=step.menu_paths,
            fields=step.fields,
        )

    parents, pending = [], []
    for scenario, draft in zip(scenarios, drafts, strict=True):
        for n, step in enumerate(draft.steps, 1):
            parents.append(row(scenario, f"{scenario.slug}/{n}", n, step))
            pending.append(step)
    parents = SolutionStep.objects.bulk_create(parents, batch_size=2000)
    SolutionStep.objects.bulk_create(
        (
            row(parent.scenario, f"{parent.ref}.{m}", m, child, parent)
            for parent, step in zip(parents, pending, strict=True)
            for m, child in enumerate(step.children, 1)
        ),
        batch_size=2000,
    )


def _purge(queryset):
    """Delete a queryset and whatever cascades from it, in SQL, without loading rows.

    QuerySet.delete() would load every row and send a signal per row (simple_history writes a
    history row for each): hours at 100,000 scenarios. Nothing but benchmark content is
    removed this way, so skipping those signals loses nothing.
    """
    model = queryset.model
    for rel in model._meta.related_objects:
        if rel.many_to_many or rel.related_model is model:
            continue  # m2m: handled from the owning side; self-references go in one statement
        related = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": queryset})
        if rel.on_delete is CASCADE:
            _purge(related)
        elif rel.on_delete is SET_NULL:
            related.update(**{rel.field.name: None})
    for m2m in model._meta.many_to_many:
        through = m2m.remote_field.through
        through._base_manager.filter(**{f"{m2m.m2m_field_name()}__in": queryset})._raw_delete(
            queryset.db
        )
    queryset._raw_delete(queryset.db)


@transaction.atomic
def remove():
    """Delete every synthetic article and scenario; the seed content stays. Returns counts."""
    scenarios = Scenario.objects.filter(is_synthetic=True).count()
    articles = Article.objects.filter(is_synthetic=True).count()
    _purge(Scenario._base_manager.filter(is_synthetic=True))
    _purge(Article._base_manager.filter(is_synthetic=True))
    System.objects.filter(
        slug__in=[slug for slug, _name, _short in vocab.SYSTEMS],
        articles__isnull=True,
        scenarios__isnull=True,
    ).delete()
    return {"articles": articles, "scenarios": scenarios}
