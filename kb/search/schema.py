"""The index's fields. One document per published scenario, keyed by its slug.

Boosts encode where a user's words matter most: the scenario's title and symptom say what the
user sees; steps, menu paths and field names say what to do about it (they match when users
describe a screen or an error text); issue/article titles and system names give context.
"""

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from .analysis import text_analyzer, word_analyzer

# Field -> boost. query.py searches exactly these fields.
TEXT_FIELDS = {
    "title": 3.0,
    "symptom": 2.5,
    "steps": 1.0,
    "menus": 1.2,
    "fieldnames": 1.2,
    "context": 0.8,
}
# Where adjacent query words found side by side earn a bonus (positions are stored only here).
PHRASE_FIELDS = ("title", "symptom", "steps")


def build_schema() -> Schema:
    analyzer = text_analyzer()
    fields = {
        name: TEXT(analyzer=analyzer, field_boost=boost, phrase=name in PHRASE_FIELDS)
        for name, boost in TEXT_FIELDS.items()
    }
    return Schema(
        # The database id: change-feed rows name scenarios by id, also after they are deleted.
        sid=ID(unique=True, stored=True),
        # Unique too, so a renamed scenario's old document goes when the new one is written.
        slug=ID(unique=True, stored=True),
        # Every word unstemmed, for typo correction and "did you mean".
        words=TEXT(analyzer=word_analyzer(), phrase=False),
        # Facets and filters.
        systems=KEYWORD(stored=True, commas=True, scorable=False),
        article_slug=ID(stored=True),
        # What a result shows, so answering a search needs no database query.
        display=STORED(),
        **fields,
    )
