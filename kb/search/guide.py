"""Guided narrowing for a query too vague to rank (kb.search.vagueness): which product, then
which symptom, in the spirit of the clarifying question (refinement.py).

Product answers are the search itself with the product filter added (the facet's `system`
parameter), so they work as plain links and the counts are what the filter then keeps. Symptom
answers are scenario pages: the results of a flat answer, or, for words that match nothing
worth ranking ("error"), the published scenarios of the chosen product, most helpful first.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import QueryDict

from kb.models import Scenario
from kb.models.slug_urls import slug_url

from .refinement import _with
from .types import SearchResponse

MAX_SYMPTOMS = 8  # a first phone screen's worth; the product's page lists the rest


@dataclass(frozen=True)
class Choice:
    label: str
    count: int = 0
    query_string: str = ""  # a product: the refined search, without the "?"
    url: str = ""  # a symptom: its scenario page
    slug: str = ""  # the system's or the scenario's


@dataclass(frozen=True)
class Guide:
    step: str  # "product" or "symptom"
    text: str
    choices: list[Choice] = field(default_factory=list)
    product: str = ""  # the chosen product's name (symptom step)
    product_slug: str = ""
    back_query: str = ""  # the search without the product: choose another
    more: int = 0  # the chosen product's symptoms not listed


def guided_narrowing(
    response: SearchResponse, params: QueryDict, *, system_labels: dict[str, str], mine=()
) -> Guide | None:
    """The next question for a vague answer, or None when the answer is not vague (or an issue
    was chosen). `params`: the search's query string; `system_labels`: slug -> name, in the
    order products are offered; `mine`: the visitor's products, offered first."""
    if not response.vague or params.get("issue"):
        return None
    chosen = [slug for slug in params.getlist("system") if slug in system_labels]
    if not chosen:
        return _product_step(response, params, system_labels, mine)
    return _symptom_step(response, params, chosen, system_labels)


def _product_step(response, params, labels, mine) -> Guide | None:
    if response.vague == "flat":
        counts = {f.value: f.count for f in response.facets.get("systems", [])}
    else:
        counts = product_counts()
    order = {slug: i for i, slug in enumerate(labels)}
    slugs = sorted(
        (slug for slug in counts if slug in labels and counts[slug]),
        key=lambda slug: (slug not in mine, order[slug]),
    )
    if not slugs:
        return None
    choices = [
        Choice(labels[slug], counts[slug], _with(params, "system", slug), slug=slug)
        for slug in slugs
    ]
    return Guide(step="product", text="Which product?", choices=choices)


def _symptom_step(response, params, chosen, labels) -> Guide:
    if response.vague == "flat":  # the results hold, only the product was missing
        hits = response.results[:MAX_SYMPTOMS]
        choices = [Choice(hit.title, url=hit.url, slug=hit.slug) for hit in hits]
        more = max(0, response.total - len(choices))
    else:  # what generic words match is chance: the product's own symptoms
        shows = Q(systems__slug__in=chosen)
        shows |= Q(systems__isnull=True, issue__article__systems__slug__in=chosen)
        listed = Scenario.objects.published().filter(shows).distinct()
        url = slug_url("kb:scenario")
        rows = listed.most_helpful().values_list("slug", "title")[:MAX_SYMPTOMS]
        choices = [Choice(title, url=url(slug), slug=slug) for slug, title in rows]
        more = max(0, listed.count() - len(choices)) if len(choices) == MAX_SYMPTOMS else 0
    back = params.copy()
    back.pop("system", None)
    back.pop("page", None)
    return Guide(
        step="symptom",
        text="Which symptom?",
        choices=choices,
        product=", ".join(labels[slug] for slug in chosen),
        product_slug=chosen[0] if len(chosen) == 1 else "",
        back_query=back.urlencode(),
        more=more,
    )


def product_counts() -> dict[str, int]:
    """Published scenarios per system slug: their own systems, else their article's (as a
    system page and the `system` filter count them)."""
    published = Scenario.objects.published()
    own = published.filter(systems__isnull=False).values_list("systems__slug")
    inherited = published.filter(systems__isnull=True).values_list("issue__article__systems__slug")
    counts: dict[str, int] = {}
    for rows in (own, inherited):
        for slug, n in rows.annotate(n=Count("pk", distinct=True)).order_by():
            if slug:
                counts[slug] = counts.get(slug, 0) + n
    return counts
