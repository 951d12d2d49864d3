"""Settings of the Python process that serves the app (kb/wsgi.py, kb/asgi.py).

The garbage collector: a server process keeps a large, long-lived heap (Django, the URLconf,
the search caches), and every full pass of the collector walks all of it, tens of milliseconds
added to whichever request it lands on. So once the app is warm its objects are moved out of
the collector's passes (gc.freeze), and the youngest generation is collected every 10,000
allocations instead of 700, so that fewer objects reach the old generation.
KB_GC_TUNING=0 leaves Python's defaults.
"""

import gc
import os

YOUNG_THRESHOLD = 10_000
OLDER_THRESHOLDS = (20, 20)


def tune_garbage_collector() -> bool:
    """Call once the app is loaded and warm. Returns whether anything was changed."""
    if os.environ.get("KB_GC_TUNING", "1") == "0":
        return False
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
    gc.freeze()
    return True
