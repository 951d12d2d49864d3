"""Admin forms: slugs filled from titles and kept stable, and steps that form a valid tree."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.text import slugify

from kb.content import step_matching, working_copy
from kb.models import Article, ArticleSlugRedirect, Issue, Scenario, SlugRedirect, SolutionStep

from .fields import MenuPathsField, NamedFieldsField
from .review import live_parent_error
from .steps import tree_problem

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_HELP = "Lowercase letters, digits and single hyphens. Left empty, it is made from the title."


def slug_error(value: str) -> str | None:
    if SLUG_RE.match(value):
        return None
    return (
        f'"{value}" cannot be used in a URL: use lowercase letters, digits and single hyphens '
        'only, e.g. "contact-not-synced".'
    )


APPEND_ORDER = 2_000_000_000  # below PositiveIntegerField's limit; renumbered on save


class OrderMixin:
    """A new row with no order number goes last (not first, as the model default 0 would)."""

    def setup_order(self):
        field = self.fields.get("order")
        if field is None:
            return
        field.required = False
        field.help_text = (
            "Drag ⇅ or use ▲ ▼ to move, or type a number (empty: last). "
            "Renumbered 10, 20, 30 on save."
        )
        if not self.instance.pk:
            field.initial = None
            self.initial.pop("order", None)

    def clean_order(self):
        order = self.cleaned_data.get("order")
        return APPEND_ORDER if order is None else order


class SlugFromTitleMixin(OrderMixin):
    """Fills an empty slug from the title (adding -2, -3 when taken) and checks a typed one."""

    slug_max_length = 120

    def setup_slug(self):
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = SLUG_HELP

    def slug_taken(self, slug: str) -> bool:
        others = type(self.instance)._default_manager.filter(slug=slug)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        return others.exists()

    def fill_slug(self, cleaned):
        if "slug" not in self.fields or self.has_error("slug"):
            return
        slug = cleaned.get("slug")
        if slug:
            if problem := slug_error(slug):
                self.add_error("slug", problem)
            return
        base = slugify(cleaned.get("title") or "")[: self.slug_max_length - 4].strip("-")
        if not base:
            self.add_error("slug", "Enter a slug, or a title to make one from.")
            return
        slug, n = base, 2
        while self.slug_taken(slug):
            slug, n = f"{base}-{n}", n + 1
        cleaned["slug"] = slug


class ContentForm(SlugFromTitleMixin, forms.ModelForm):
    """Base of the article, issue and scenario forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_slug()
        self.setup_order()

    def clean(self):
        cleaned = super().clean()
        self.fill_slug(cleaned)
        return cleaned


CONFIRM_LABEL = "I understand the old URL will redirect"


def confirm_slug_field():
    return forms.BooleanField(
        required=False,
        label=CONFIRM_LABEL,
        help_text="Needed only when changing the slug of a published page: the old address "
        "keeps working and redirects to the new one.",
    )


class StableSlugMixin:
    """A published page's URL is public: renaming it needs a confirmation and leaves a redirect.

    Subclasses name the redirect model (old_slug -> object) and how the public URL looks.
    """

    redirect_model = None
    redirect_fk = ""
    url_pattern = ""
    #: Set by clean(): the published slug to redirect from once the object is saved.
    redirect_from = None
    can_confirm = True

    def published_slug(self, pk) -> str | None:
        """The slug row `pk` is published under now, or None if it is a draft."""
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        self.check_slug_stability(cleaned)
        return cleaned

    def public_row(self):
        """(pk, slug as saved) of the published row this form changes: the instance itself,
        or, in a working copy, the published row it continues (renamed when published)."""
        if not self.instance.pk:
            return None, None
        saved = type(self.instance)._base_manager.filter(pk=self.instance.pk)
        origin = working_copy.origin_of(self.instance)
        return (origin or self.instance).pk, saved.values_list("slug", flat=True).first()

    def check_slug_stability(self, cleaned):
        slug = cleaned.get("slug")
        if not slug or self.has_error("slug"):
            return
        pk, saved = self.public_row()
        taken = self.redirect_model.objects.filter(old_slug=slug)
        if pk:
            taken = taken.exclude(**{self.redirect_fk: pk})
        if taken.exists():
            self.add_error(
                "slug",
                f'"{slug}" is the old address of another page and still redirects there; '
                "choose another slug.",
            )
            return
        old = pk and self.published_slug(pk)
        if not old or slug in (old, saved):
            return
        if not self.can_confirm:
            self.add_error(
                "slug",
                "This scenario is published: change its slug on the scenario's own page, "
                "where you can confirm that the old URL will redirect.",
            )
        elif not cleaned.get("confirm_slug_change"):
            self.add_error(
                "slug",
                f"This is published at {self.url_pattern.format(old)}. Changing the slug "
                f'changes its URL: tick "{CONFIRM_LABEL}" below to go ahead.',
            )
        elif pk == self.instance.pk:
            # A published row saved here redirects at once; a working copy's rename redirects
            # when it is published (kb.content.restore).
            self.redirect_from = old


class ArticleAdminForm(StableSlugMixin, ContentForm):
    redirect_model = ArticleSlugRedirect
    redirect_fk = "article_id"
    url_pattern = "/articles/{}/"
    confirm_slug_change = confirm_slug_field()

    class Meta:
        model = Article
        fields = ["title", "slug", "status", "summary", "systems", "source", "is_synthetic"]

    def published_slug(self, pk):
        articles = Article.objects.published().filter(pk=pk)
        return articles.values_list("slug", flat=True).first()


class IssueForm(ContentForm):
    """Issue slugs need only be unique within their article."""

    class Meta:
        model = Issue
        fields = ["article", "title", "slug", "title_inferred", "order"]

    def clean_article(self):
        article = self.cleaned_data.get("article")
        if problem := live_parent_error(article):
            raise ValidationError(problem)
        return article

    def slug_taken(self, slug):
        article = self.cleaned_data.get("article") or getattr(self.instance, "article", None)
        if article is None or article.pk is None:
            return False
        others = Issue.objects.filter(article=article, slug=slug)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        return others.exists()


class ScenarioInlineForm(StableSlugMixin, ContentForm):
    """In the issue page's list of scenarios there is no room for the confirmation, so a
    published slug is changed on the scenario's own page (ScenarioAdminForm)."""

    redirect_model = SlugRedirect
    redirect_fk = "scenario_id"
    url_pattern = "/s/{}/"
    can_confirm = False

    class Meta:
        model = Scenario
        fields = [
            "issue", "title", "slug", "title_inferred", "symptom", "systems", "order",
            "is_synthetic",
        ]  # fmt: skip

    def published_slug(self, pk):
        scenarios = Scenario.objects.published().filter(pk=pk)
        return scenarios.values_list("slug", flat=True).first()

    def clean_issue(self):
        issue = self.cleaned_data.get("issue")
        if problem := live_parent_error(getattr(issue, "article", None)):
            raise ValidationError(problem)
        return issue


class ScenarioAdminForm(ScenarioInlineForm):
    can_confirm = True
    confirm_slug_change = confirm_slug_field()


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        text = " ".join(obj.text.split())
        return f"#{obj.order}: {text[:70]}{'…' if len(text) > 70 else ''}"


PARENT_HELP = "Leave empty for a top-level step; choose a step to make this one of its sub-steps."
PARENT_INVALID = "Choose a step of this scenario as the parent: steps of other scenarios cannot be."


class StepForm(OrderMixin, forms.ModelForm):
    menu_paths = MenuPathsField(
        help_text='One menu path per line, levels separated by ">", e.g. "Admin > Firm > Settings".'
    )
    fields = NamedFieldsField(help_text='One field name per line, e.g. "Default Tax Group".')
    parent = ParentChoiceField(
        queryset=SolutionStep.objects.none(),
        required=False,
        help_text=PARENT_HELP,
        error_messages={"invalid_choice": PARENT_INVALID},
    )

    class Meta:
        model = SolutionStep
        fields = [
            "scenario", "order", "parent", "kind", "text", "menu_paths", "fields", "link_url",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_order()

    def limit_parents(self, scenario):
        choices = (
            SolutionStep.objects.filter(scenario=scenario)
            if scenario and scenario.pk
            else (SolutionStep.objects.none())
        )
        if self.instance.pk:
            choices = choices.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = choices.order_by("order", "pk")


class SingleStepForm(StepForm):
    """A step edited (or reverted) on its own page: the scenario's other steps stay as they are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A version being reverted may belong to a scenario deleted since: offer no parents.
        self.limit_parents(Scenario.objects.filter(pk=self.instance.scenario_id).first())

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "parent" in cleaned and not self.has_error("parent"):
            parents = dict(
                SolutionStep.objects.filter(scenario_id=self.instance.scenario_id).values_list(
                    "pk", "parent_id"
                )
            )
            parent = cleaned["parent"]
            parents[self.instance.pk] = parent.pk if parent else None
            if problem := tree_problem(self.instance.pk, parents):
                self.add_error("parent", problem)
        return cleaned


class StepFormSet(BaseInlineFormSet):
    """A scenario's steps, checked together: parents may change in the same submission."""

    def delete_existing(self, obj, commit=True):
        """A step visitors answered or ticked is archived, not deleted: its feedback stays in
        the scenario's report."""
        if commit and step_matching.with_feedback([obj.pk]):
            step_matching.archive([obj], timezone.now())
        else:
            super().delete_existing(obj, commit=commit)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.limit_parents(self.instance)

    def clean(self):
        super().clean()
        if any(self.errors) or not self.instance.pk:
            return
        parents = dict(
            SolutionStep.objects.filter(scenario=self.instance).values_list("pk", "parent_id")
        )
        deleted = {form.instance.pk for form in self.deleted_forms if form.instance.pk}
        kept = []
        for form in self.forms:
            if form in self.deleted_forms or not form.has_changed() and not form.instance.pk:
                continue
            parent = form.cleaned_data.get("parent")
            key = form.instance.pk or f"new-{form.prefix}"
            parents[key] = parent.pk if parent else None
            kept.append((key, form))
        for pk in deleted:
            parents.pop(pk, None)
        for key, form in kept:
            if problem := tree_problem(key, parents):
                form.add_error("parent", problem)
        for form in self.deleted_forms:
            orphans = [k for k, p in parents.items() if p == form.instance.pk]
            if form.instance.pk and orphans:
                raise ValidationError(
                    f'Step #{form.instance.order} ("{str(form.instance)[:40]}") has sub-steps: '
                    "delete them too, or give them another parent, before deleting it."
                )
