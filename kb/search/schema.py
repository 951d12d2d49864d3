"""The index's fields. One document per published scenario.

Whoosh only *retrieves* candidates, from one field (`body`) that holds every analysed term of a
scenario, with the title and symptom written twice so they weigh more: one field keeps the
query small, which is what keeps Whoosh fast on a large index. The final order comes from a
field-weighted rerank of those candidates (query.py) over the per-field terms stored with each
document; the boosts below encode where a user's words matter most.
"""

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from .analysis import terms_analyzer

# Field -> weight in the rerank: the title and symptom say what the user sees; steps, menu
# paths and field names what to do about it (they match when users name a screen or an error
# text); issue/article titles and system names give context.
TEXT_FIELDS = {
    "title": 3.0,
    "symptom": 2.5,
    "steps": 1.0,
    "menus": 1.2,
    "fieldnames": 1.2,
    "context": 0.8,
}
# Typical length (terms) of each field, for length normalisation in the rerank.
FIELD_LENGTHS = {
    "title": 8,
    "symptom": 20,
    "steps": 120,
    "menus": 10,
    "fieldnames": 10,
    "context": 15,
}
# Where adjacent query words found side by side earn a bonus.
PHRASE_FIELDS = ("title", "symptom", "steps")
# Written twice into `body`.
HEAD_FIELDS = ("title", "symptom")


def build_schema() -> Schema:
    return Schema(
        # The database id: change-feed rows name scenarios by id, also after they are deleted.
        sid=ID(unique=True, stored=True),
        # Unique too, so a renamed scenario's old document goes when the new one is written.
        slug=ID(unique=True, stored=True),
        # Already analysed text (kb.search.analysis): the index only splits on spaces.
        body=TEXT(analyzer=terms_analyzer(), phrase=False),
        # Every word unstemmed, for typo correction and "did you mean".
        words=TEXT(analyzer=terms_analyzer(), phrase=False),
        # Filters.
        systems=KEYWORD(commas=True, scorable=False),
        article_slug=ID(stored=True),
        # "article|system,system" as a column: facet counts read it for every match, far
        # cheaper than stored fields or Whoosh's grouping collectors.
        facet=ID(sortable=True),
        # What a result shows, so answering a search needs no database query.
        display=STORED(),
        # The analysed terms of each field, for the rerank.
        terms=STORED(),
    )
