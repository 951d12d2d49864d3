"""Searches running while editors save and a full index rebuild runs, for
tests/search/test_search_during_writes.py: the harness of bench/search_during_writes.py, one
copy for the test and the benchmark (bench never imports tests; tests may use bench's tools).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from search_during_writes import Outcome, index_check, run  # noqa: E402

__all__ = ["Outcome", "index_check", "run"]
