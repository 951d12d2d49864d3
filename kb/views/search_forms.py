"""The search page's query string: the words typed, and the filters chosen."""

import re
from urllib.parse import urlencode

from django import forms
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


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=SEARCH_BOX_CHARS, strip=True)
    system = forms.MultipleChoiceField(required=False)
    article = forms.MultipleChoiceField(required=False)
    issue = forms.CharField(required=False, max_length=200, strip=True)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGES)

    def __init__(self, data=None, *, user=None, systems=None):
        """`systems`: every System, when the caller has them already (one query fewer)."""
        if data is not None and "q" in data:
            data = data.copy()
            data["q"] = without_control_characters(data.get("q"))
        super().__init__(data)
        systems = System.objects.all() if systems is None else systems
        self.fields["system"].choices = [(s.slug, s.name) for s in systems]
        # Only the articles asked for: a large knowledge base has too many to load per search.
        # Only slugs reach the database: a crafted value (a NUL byte) would fail the query.
        asked = [a for a in (data.getlist("article") if data is not None else []) if SLUG.match(a)]
        if asked:  # most searches filter by none (building the query cost a tenth of the page)
            articles = Article.objects.visible_to(user).filter(slug__in=asked[:10])
            choices = [(a.slug, a.title) for a in articles.only("slug", "title")]
            self.fields["article"].choices = choices

    def clean_q(self):
        # Collapse runs of whitespace so "contact   not syncing" and its pushed URL look alike.
        return " ".join(self.cleaned_data["q"].split())

    @property
    def params(self) -> dict:
        """The valid values; a stale or mistyped filter is dropped rather than failing the page."""
        self.is_valid()
        data = {"q": "", "system": [], "article": [], "issue": "", "page": None}
        data.update(self.cleaned_data)  # holds only the fields that passed
        if "q" in self.errors:
            # Too long: search what fits instead of refusing the query.
            data["q"] = " ".join(self.data.get("q", "")[:SEARCH_BOX_CHARS].split())
        for name in ("system", "article"):
            if name in self.errors:
                valid = dict(self.fields[name].choices)
                data[name] = [value for value in self.data.getlist(name) if value in valid]
        return data


class SearchParams:
    """The cleaned search parameters, and the query strings of the links that change them."""

    def __init__(self, form: SearchForm):
        data = form.params
        self.q: str = data["q"]
        self.systems: list[str] = list(data["system"])
        self.articles: list[str] = list(data["article"])
        self.issue: str = data["issue"]
        self.page: int = data["page"] or 1
        self.system_names = {slug: name for slug, name in form.fields["system"].choices}
        self.article_titles = {slug: title for slug, title in form.fields["article"].choices}

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
