"""A server process tunes Python's garbage collector once the app is loaded (kb/runtime.py):
its full passes over a large long-lived heap were the slowest hundredth of searches."""

import json
import os

from kb.runtime import YOUNG_THRESHOLD
from tests.process_support import run_python

PROBE = (
    "import gc, json; at_start = gc.get_freeze_count(); import kb.wsgi; "
    "print(json.dumps([gc.get_threshold()[0], gc.get_freeze_count() > at_start]))"
)


def _serve_process(tmp_path, **extra) -> list:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "KB_INDEX_DIR": str(tmp_path / "index"),
        **extra,
    }
    result = run_python(PROBE, env, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_wsgi_app_freezes_its_start_up_heap_and_collects_less_often(tmp_path):
    # Even when the index cannot be warmed (an empty database here), the app still loads.
    assert _serve_process(tmp_path) == [YOUNG_THRESHOLD, True]


def test_kb_gc_tuning_0_leaves_pythons_defaults(tmp_path):
    assert _serve_process(tmp_path, KB_GC_TUNING="0") == [700, False]
