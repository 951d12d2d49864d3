"""Data the search package keeps in the database: synonyms and the index change feed."""

from django.db import models
from simple_history.models import HistoricalRecords


class SynonymManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class Synonym(models.Model):
    """A set of words and phrases that mean the same to our users, e.g. "PM, practice management".

    Editors change these in the admin; queries are expanded with them at search time, so a
    change takes effect without a code change or a rebuild.
    """

    key = models.SlugField(
        max_length=80,
        unique=True,
        help_text='A short name for the group, e.g. "practice-management" (fixtures use it).',
    )
    terms = models.TextField(
        help_text="Comma-separated words or phrases that mean the same, e.g. "
        '"PM, practice management".'
    )
    note = models.CharField(max_length=200, blank=True)
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the equivalence comes from, e.g. legal practice management usage or "
        "the product's own documentation wording.",
    )
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SynonymManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.terms

    def natural_key(self):
        return (self.key,)

    @property
    def term_list(self) -> list[str]:
        return [t.strip() for t in self.terms.split(",") if t.strip()]


class IndexChange(models.Model):
    """A scenario whose search document must be (re)written or removed.

    Written in the same transaction as the content change, so a change that commits is never
    forgotten: every process replays the feed past its own cursor (after a crash, on start, or
    when another app server saved the change).
    """

    id = models.BigAutoField(primary_key=True)
    scenario_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
