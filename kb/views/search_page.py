"""What the search page shows for one answer: built once from the search response."""

from dataclasses import dataclass
from functools import cached_property

from kb.search import SearchResponse
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

    @property
    def question(self):
        querydict = self.params.querydict()
        return clarifying_question(self.response, querydict, system_labels=self.short_names)

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
        if not self.response.results:
            return []
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
            "system_chips": self.system_chips,
            "article_chips": self.article_chips,
            "facet_groups": [("System", self.system_chips), ("Article", self.article_chips)],
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
