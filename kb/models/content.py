"""Troubleshooting content: Article -> Issue -> Scenario -> SolutionStep.

Search ranks scenarios, the most specific symptom a user can land on. Slugs (and step refs) are
natural keys, so fixtures and imports never depend on primary keys.
"""

import re
import uuid

from django.apps import apps
from django.db import models
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from .choices import Outcome
from .freshness import Reviewable
from .slug_urls import slug_url


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class System(models.Model):
    """A product a symptom shows up in (a search facet), e.g. "Actionstep Practice Management"."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(
        max_length=40, blank=True, help_text='How users usually say it, e.g. "Practice Management".'
    )

    objects = SlugManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Staff also see drafts, but a working copy only in the admin (its preview)."""
        staff = getattr(user, "is_staff", False)
        return self.exclude(review__working_copy_of__isnull=False) if staff else self.published()


class Article(Reviewable, models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    systems = models.ManyToManyField(System, blank=True, related_name="articles")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the content came from (file name or URL)."
    )
    is_synthetic = models.BooleanField(
        default=False, db_index=True, help_text="Generated benchmark content (kb_synth)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = SlugManager.from_queryset(ArticleQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        permissions = [("publish_article", "Can publish articles (review)")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("kb:article")(self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class IssueManager(models.Manager):
    def get_by_natural_key(self, slug, article_slug):
        return self.get(slug=slug, article__slug=article_slug)


class Issue(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="issues")
    slug = models.SlugField(max_length=120)
    title = models.CharField(max_length=200)
    title_inferred = models.BooleanField(
        default=False, help_text="The source lost this heading; the title was inferred."
    )
    order = models.PositiveIntegerField(default=0)

    objects = IssueManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "slug"], name="issue_slug_unique_in_article")
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug, *self.article.natural_key())

    natural_key.dependencies = ["kb.article"]


class ScenarioQuerySet(models.QuerySet):
    def current(self):
        """Not archived: archived scenarios (removed by a re-import) keep their feedback for
        the reports and backups, but no page, list or search shows them."""
        return self.filter(archived_at__isnull=True)

    def published(self):
        return self.current().filter(issue__article__status=Status.PUBLISHED)

    def visible_to(self, user):
        if not getattr(user, "is_staff", False):
            return self.published()
        return self.current().exclude(issue__article__review__working_copy_of__isnull=False)

    def with_content(self):
        """Everything a scenario page or a search document needs, in a fixed number of queries."""
        return self.select_related("issue__article").prefetch_related(
            "systems", "issue__article__systems", "steps"
        )

    def in_system(self, system):
        """Scenarios whose symptom shows in `system` (their own systems, else the article's)."""
        own = models.Q(systems=system)
        inherited = models.Q(systems__isnull=True, issue__article__systems=system)
        return self.filter(own | inherited).distinct()

    def most_helpful(self):
        """Ordered by what visitors said worked: "This fixed it" on a step, plus "helpful"
        votes on the scenario; ties (and no feedback at all) keep the article order."""
        # Reached through the app registry: the feedback models import these, never the reverse.
        Vote = apps.get_model("kb", "Vote")
        StepOutcome = apps.get_model("kb", "StepOutcome")
        fixed = (
            StepOutcome.objects.filter(step__scenario=models.OuterRef("pk"), outcome=Outcome.FIXED)
            .order_by()
            .values("step__scenario")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        helpful = (
            Vote.objects.filter(scenario=models.OuterRef("pk"), helpful=True)
            .order_by()
            .values("scenario")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            fixed_count=Coalesce(models.Subquery(fixed), 0),
            helpful_count=Coalesce(models.Subquery(helpful), 0),
            helpful_score=models.F("fixed_count") + models.F("helpful_count"),
        ).order_by("-helpful_score", "issue__article__title", "issue__order", "order", "id")


class Scenario(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="scenarios")
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    title_inferred = models.BooleanField(
        default=False, help_text="Needs a title: the source lost this heading."
    )
    symptom = models.TextField(
        blank=True, help_text="What the user sees, in their words. Searched with a high boost."
    )
    systems = models.ManyToManyField(
        System,
        blank=True,
        related_name="scenarios",
        help_text="Where the symptom shows. Empty: the article's systems.",
    )
    order = models.PositiveIntegerField(default=0)
    pinned = models.BooleanField(
        default=False, help_text="Listed first among the home page's common problems."
    )
    is_synthetic = models.BooleanField(default=False, db_index=True)
    archived_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Set when a re-import removed it: hidden everywhere, its feedback kept.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SlugManager.from_queryset(ScenarioQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["issue__article__title", "issue__order", "order", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("kb:scenario")(self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def article(self):
        return self.issue.article

    @property
    def is_published(self):
        return self.archived_at is None and self.issue.article.is_published

    @property
    def is_archived(self):
        return self.archived_at is not None

    def effective_systems(self):
        """The scenario's own systems, or its article's when it names none."""
        own = list(self.systems.all())
        return own or list(self.issue.article.systems.all())

    def step_tree(self):
        """Top-level steps in order, each with `.children` (its sub-steps, in order)."""
        steps = sorted(self.steps.all(), key=lambda s: (s.order, s.pk or 0))
        by_parent = {}
        for step in steps:
            by_parent.setdefault(step.parent_id, []).append(step)
        for step in steps:
            step.children = by_parent.get(step.pk, [])
        return by_parent.get(None, [])


class OldSlug(models.Model):
    """An old slug that keeps its URL working after a published page was renamed."""

    old_slug = models.SlugField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    target_field = ""  # the foreign key to the renamed object

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.old_slug} -> {getattr(self, self.target_field).slug}"


class SlugRedirect(OldSlug):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="old_slugs")
    target_field = "scenario"


class ArticleSlugRedirect(OldSlug):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    target_field = "article"


class StepKind(models.TextChoices):
    ALTERNATIVE = "alternative", "Possible solution (one thing to try)"
    STEP = "step", "Ordered step"
    NOTE = "note", "Note"
    WARNING = "warning", "Warning"


class OutcomeQuestion(models.TextChoices):
    AUTO = "auto", "Automatic: ask, unless the text reads as a result or statement"
    ASK = "ask", "Ask “Did this step solve it?”"
    SKIP = "skip", "Don't ask: the step states a result or a fact"


# A conservative reading of "a step that states what happens" ("Upon clicking sign in, the user
# will be landed in …", "The record will now show …"): it opens like a condition or a subject,
# never with an instruction, and says what will or should happen. "Ask the user to …, once it is
# authenticated, the user will be redirected …" opens with an instruction, so it is still asked.
STATEMENT = re.compile(
    r"^\s*(?:(?:upon|after|once|when|then)\b[^.]*?|(?:the|this|it|you|they|he|she|a|an)\b[^.]*?)"
    r"\b(?:will|should)\s+(?:now\s+)?(?:be|see|show|appear|land|get|display|receive)\b",
    re.I,
)


def reads_as_statement(text: str) -> bool:
    return bool(STATEMENT.match(text or ""))


class StepManager(models.Manager):
    """Current steps only: a step archived by a re-import or a restore (kept for its feedback)
    is on no page, list or search document. `SolutionStep.all_objects` includes them."""

    def get_queryset(self):
        return super().get_queryset().filter(archived_at__isnull=True)

    def get_by_natural_key(self, ref):
        return SolutionStep.all_objects.db_manager(self.db).get(ref=ref)


def new_step_ref():
    return uuid.uuid4().hex[:12]


class SolutionStep(models.Model):
    """One thing to do or know. Sub-steps (numbered 1, 2, 3 in the source) point at a parent."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="steps")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="substeps"
    )
    ref = models.CharField(
        max_length=120,
        unique=True,
        default=new_step_ref,
        help_text="Stable identifier (natural key) used by fixtures and imports.",
    )
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=StepKind.choices, default=StepKind.ALTERNATIVE)
    text = models.TextField(help_text="Markdown; rendered sanitised.")
    menu_paths = models.JSONField(
        default=list,
        blank=True,
        help_text='Menu paths the step names, e.g. ["Admin > Firm > Settings > File"].',
    )
    fields = models.JSONField(
        default=list,
        blank=True,
        help_text='Named fields, e.g. ["Area of Law", "Default Tax Group"].',
    )
    link_url = models.URLField(
        max_length=500, blank=True, help_text="A screenshot or reference; shown as a link only."
    )
    outcome_question = models.CharField(
        "ask whether it solved the problem",
        max_length=4,
        choices=OutcomeQuestion.choices,
        default=OutcomeQuestion.AUTO,
        blank=True,  # a form that leaves it out means "automatic"
        help_text="A step that only says what happens next is not asked “Did it solve it?”.",
    )
    archived_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Set when the step was rewritten or removed: hidden everywhere, its feedback "
        "kept for the reports.",
    )

    objects = StepManager()
    all_objects = models.Manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["scenario", "order", "id"]
        base_manager_name = "all_objects"

    def __str__(self):
        return self.text[:80]

    def natural_key(self):
        return (self.ref,)

    @property
    def is_actionable(self):
        return self.kind in (StepKind.ALTERNATIVE, StepKind.STEP)

    @property
    def asks_outcome(self) -> bool:
        """Whether the page asks "Did this step solve it?" (not for a stated result)."""
        if not self.is_actionable or self.outcome_question == OutcomeQuestion.SKIP:
            return False
        return self.outcome_question == OutcomeQuestion.ASK or not reads_as_statement(self.text)

    @staticmethod
    def split_path(path: str) -> list[str]:
        """`Settings -> Integration Partner` and `Admin > Firm` both become their parts."""
        return [part.strip() for part in path.replace("->", ">").split(">") if part.strip()]
