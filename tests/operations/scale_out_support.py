"""App servers in their own processes (gunicorn, each with its own KB_INDEX_DIR) sharing one
database, for tests/operations/test_scale_out.py: the servers of bench/scale_out.py, one copy
for the test and the benchmark (bench never imports tests; tests may use bench's tools).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from scale_out import Node, start_node, wait_found, wait_serving  # noqa: E402
from support import database_url  # noqa: E402

__all__ = ["ROOT", "Node", "database_url", "start_node", "wait_found", "wait_serving"]
