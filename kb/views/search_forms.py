"""The search page's query string: the words typed, and the filters chosen."""

import re
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from kb.models import Article, System

# What the page's search box takes (its inputs say maxlength="200" too); a longer query is cut
# to it. Every search then reads at most kb.search.plan.MAX_QUERY_CHARS (500) of any query.
SEARCH_BOX_CHARS = 200
PAGE_SIZE = 10
MAX_PAGES = 10
# Control characters (NUL above all: PostgreSQL refuses it in text) arrive from pastes and
# crafted links; in a query they can only mean a word break.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


SLUG = re.compile(r"^[-\w]+\Z")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub(" ", text or "")


# The fields that clean each value, as a Django form's would; one instance each per process, as
# clean() only reads them (a Form deep-copied its five fields on every search: a tenth of it).
QUERY_FIELD = forms.CharField(required=False, max_length=SEARCH_BOX_CHARS, strip=True)
ISSUE_FIELD = forms.CharField(required=False, max_length=200, strip=True)
PAGE_FIELD = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGES)


def _cleaned(field: forms.Field, value, default):
    try:
        return field.clean(value)
    except ValidationError:
        return default


def clean_query(raw) -> str:
    """The words typed, whitespace runs collapsed (so "contact   not syncing" and its pushed URL
    look alike); too long, what fits is searched instead of refusing the query."""
    text = without_control_characters(raw) if raw is not None else None
    try:
        return " ".join(QUERY_FIELD.clean(text).split())
    except ValidationError:
        return " ".join(text[:SEARCH_BOX_CHARS].split())


class SearchParams:
    """The cleaned search parameters, and the query strings of the links that change them.

    A stale or mistyped filter is dropped rather than failing the page: a system or article
    filter keeps the values that name one (the visitor's, for an article), a bad issue or page
    is left out.
    """

    def __init__(self, data: QueryDict, *, user=None, systems=None):
        """`systems`: every System, when the caller has them already (one query fewer)."""
        systems = System.objects.all() if systems is None else systems
        self.system_names = {s.slug: s.name for s in systems}
        # Only the articles asked for: a large knowledge base has too many to load per search.
        # Only slugs reach the database: a crafted value (a NUL byte) would fail the query.
        asked = [a for a in data.getlist("article") if SLUG.match(a)]
        self.article_titles = {}
        if asked:  # most searches filter by none (building the query cost a tenth of the page)
            articles = Article.objects.visible_to(user).filter(slug__in=asked[:10])
            self.article_titles = dict(articles.values_list("slug", "title"))
        self.q: str = clean_query(data.get("q"))
        self.systems: list[str] = [v for v in data.getlist("system") if v in self.system_names]
        self.articles: list[str] = [v for v in data.getlist("article") if v in self.article_titles]
        self.issue: str = _cleaned(ISSUE_FIELD, data.get("issue"), "")
        self.page: int = _cleaned(PAGE_FIELD, data.get("page"), None) or 1

    @property
    def limit(self) -> int:
        return self.page * PAGE_SIZE

    @property
    def filtered(self) -> bool:
        return bool(self.systems or self.articles or self.issue)

    def _values(self, changes: dict):
        """(key, value) in query string order: a list for the repeated keys, else one value."""
        values = {"q": self.q, "system": self.systems, "article": self.articles,
                  "issue": self.issue, **changes}  # fmt: skip
        for key in ("q", "system", "article", "issue", "page"):
            yield key, values.get(key)

    def querydict(self, **changes) -> QueryDict:
        query = QueryDict(mutable=True)
        for key, value in self._values(changes):
            if isinstance(value, list | tuple):
                query.setlist(key, list(value))
            elif value:
                query[key] = str(value)
        return query

    def query_string(self, **changes) -> str:
        """querydict(**changes).urlencode(), without building a QueryDict: a results page
        makes one per facet chip (up to forty)."""
        pairs = []
        for key, value in self._values(changes):
            if isinstance(value, list | tuple):
                pairs += [(key, str(v)) for v in value]
            elif value:
                pairs.append((key, str(value)))
        return urlencode(pairs)

    def facet_chips(self, name: str, facets: list, total: int) -> list[dict]:
        """Chips for one facet: the active ones (to remove) first, then the ones that narrow.

        One value per facet: picking a system replaces the chosen one, since the search ORs the
        values of one facet and a second chip would widen the list instead of narrowing it.
        """
        key = {"systems": "system", "articles": "article"}[name]
        active = self.systems if key == "system" else self.articles
        labels = self.system_names if key == "system" else self.article_titles
        chips = [
            {"label": labels.get(value, value), "count": None, "active": True,
             "query_string": self.query_string(**{key: [v for v in active if v != value]})}
            for value in active
        ]  # fmt: skip
        for facet in facets:
            if facet.value in active or facet.count >= total:
                continue  # already chosen, or would keep every result: no narrowing
            chips.append(
                {"label": facet.label, "count": facet.count, "active": False,
                 "query_string": self.query_string(**{key: [facet.value]})}
            )  # fmt: skip
        return chips
