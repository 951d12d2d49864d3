"""What the search page shows for one answer: built once from the search response."""

from dataclasses import dataclass
from functools import cached_property

from kb.search import SearchResponse
from kb.search.guide import guided_narrowing
from kb.search.refinement import clarifying_question
from kb.views.search_forms import MAX_PAGES, SearchParams


@dataclass
class SearchPage:
    params: SearchParams
    response: SearchResponse
    systems: list  # every System
    my_products: tuple[str, ...]  # the visitor's own products (system slugs)

    @cached_property
    def short_names(self) -> dict[str, str]:
        return {s.slug: s.short_name or s.name for s in self.systems}

    @cached_property
    def system_chips(self) -> list[dict]:
        facets = self.response.facets.get("systems", [])
        return self.params.facet_chips("systems", facets, self.response.total)

    @cached_property
    def article_chips(self) -> list[dict]:
        facets = self.response.facets.get("articles", [])
        return self.params.facet_chips("articles", facets, self.response.total)

    @cached_property
    def guide(self):
        """Which product, then which symptom, for a query too vague to rank."""
        labels = {s.slug: s.name for s in self.systems}
        return guided_narrowing(
            self.response, self.params.querydict(), system_labels=labels, mine=self.my_products
        )

    @property
    def question(self):
        if self.guide:
            return None  # one question at a time: the guide's
        querydict = self.params.querydict()
        return clarifying_question(self.response, querydict, system_labels=self.short_names)

    @property
    def result_groups(self) -> list[tuple[str, list, int]]:
        """(heading, [(number, hit, key)], first number): the results of a product the query
        names, then the rest under "In other products". None listed when the guide lists the
        symptoms, or when the words only say something is wrong (what they match is chance).
        `key`: what the result's cached HTML depends on (the rest of it follows from the slug
        and the content version)."""
        guide, response = self.guide, self.response
        if guide and (response.vague == "generic" or guide.step == "symptom"):
            return []
        groups: list[tuple[str, list, int]] = []
        for number, hit in enumerate(response.results, 1):
            heading = "In other products" if hit.group == "other" else ""
            if not groups or groups[-1][0] != heading:
                groups.append((heading, [], number))
            groups[-1][1].append((number, hit, (hit.slug, hit.title, hit.snippet, hit.group)))
        return groups

    @property
    def facet_groups(self) -> list[tuple[str, list]]:
        """The chips that narrow, less those the guide offers already: its product answers, and
        every chip of words that only say something is wrong (their matches are chance)."""
        guide = self.guide
        if guide and self.response.vague == "generic":
            return []
        systems = [] if guide else self.system_chips
        return [("System", systems), ("Article", self.article_chips)]

    @property
    def more_query(self) -> str:
        """The next page's query string, when there are more results to show."""
        params, response = self.params, self.response
        if response.total > len(response.results) and params.page < MAX_PAGES:
            return params.query_string(page=params.page + 1)
        return ""

    @property
    def named_products(self) -> list[tuple[str, str]]:
        """The products the query names, each with the link that shows only its own fixes."""
        if not any(hit.group == "named" for hit in self.response.results):
            return []  # none of theirs matched: every result is "In other products"
        names = self.short_names
        return [
            (names[slug], self.params.query_string(system=[slug]))
            for slug in self.response.named
            if slug in names
        ]

    def context(self) -> dict:
        """The names the template reads."""
        params, response, mine = self.params, self.response, self.my_products
        suggestion = response.suggestion
        return {
            "params": params,
            "response": response,
            "question": self.question,
            "guide": self.guide,
            "result_groups": self.result_groups,
            "system_chips": self.system_chips,
            "article_chips": self.article_chips,
            "facet_groups": self.facet_groups,
            "has_facets": any(chips for _, chips in self.facet_groups),
            "more_query": self.more_query,
            "unfiltered_query": params.query_string(system=[], article=[], issue=""),
            "suggestion_query": params.query_string(q=suggestion) if suggestion else "",
            "systems": self.systems,
            "my_products": mine,
            "my_product_names": [self.short_names[slug] for slug in mine],
            "my_hits": {hit.slug for hit in response.results if set(mine) & set(hit.system_slugs)},
            # The products the query names come first; each offers to show only its own fixes.
            "named_products": self.named_products,
        }
