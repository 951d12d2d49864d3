"""The fields of a document, and how much each weighs. One document per published scenario.

The engine only *retrieves* candidates, from one field (`body`) that holds every analysed term
of a scenario, with the title and symptom written twice so they weigh more: one field keeps the
query small, which is what keeps a large index fast. The final order comes from a
field-weighted rerank of those candidates (query.py) over the per-field terms stored with each
document; the boosts below encode where a user's words matter most.
"""

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
# How much of a query word a field covers, in the coverage factor of the rerank. A symptom's word
# in the title or symptom is what the scenario is about; the same word in a step is often
# incidental ("icon", "record", "new"), and step-heavy scenarios would otherwise win every
# query made of words they happen to mention.
FIELD_COVERAGE = {
    "title": 1.0,
    "symptom": 1.0,
    "steps": 0.6,
    "menus": 0.8,
    "fieldnames": 0.8,
    "context": 0.5,
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
