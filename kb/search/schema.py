"""The fields of a document, and how much each weighs. One document per published scenario.

The engine only *retrieves* candidates, from one field (`body`) that holds every analysed term
of a scenario, with the title and symptom written twice so they weigh more: one field keeps the
query small, which is what keeps a large index fast. The final order comes from a
field-weighted rerank of those candidates (scoring.py) over the per-field terms stored with
each document; the boosts (tuning.TEXT_FIELDS) encode where a user's words matter most.
"""

# The weights, coverage and typical length of each field are ranking constants (tuning.py).
from .tuning import FIELD_COVERAGE, FIELD_LENGTHS, TEXT_FIELDS

__all__ = ["FIELD_COVERAGE", "FIELD_LENGTHS", "HEAD_FIELDS", "PHRASE_FIELDS", "TEXT_FIELDS"]

# Where adjacent query words found side by side earn a bonus.
PHRASE_FIELDS = ("title", "symptom", "steps")
# Written twice into `body`.
HEAD_FIELDS = ("title", "symptom")
