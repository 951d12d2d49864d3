"""Generated hostile search input for the suite: bench/support.py's generator, one copy for the
tests and bench/hostile_search.py (bench never imports tests; tests may use bench's tools).

Query syntax people paste by accident or on purpose (quotes, field prefixes, wildcards, boolean
words, brackets), bytes that break parsers and databases (control characters, NUL, lone
combining marks), right-to-left text and emoji, and pastes of up to 10 KB.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import support  # noqa: E402

CONTROL = support.CONTROL
MAX_PASTE = support.MAX_PASTE
search_requests = support.search_requests
# The strategy itself: tests draw from it with @given.
hostile_query = support.hostile_query()
