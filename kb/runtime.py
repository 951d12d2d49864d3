"""Settings of the Python process that serves the app (kb/wsgi.py, kb/asgi.py).

The garbage collector: a server process keeps a large, long-lived heap (Django, the URLconf,
the search caches: 65,000 objects after start-up, 140,000 after 500 searches at 10,000
scenarios), and each full pass of the collector walks all of it: 30-60 ms, about once every 50
searches at that size, a tenth of a second of latency for whoever's request it lands on.
Objects alive once the app is warm are moved out of the collector's passes (gc.freeze), and the
youngest generation is collected every 50,000 allocations instead of 700 (fewer passes, and far
fewer objects promoted to the old generation). Measured on 500 searches at 10,000 scenarios:
mean 8.8 -> 7.8 ms, p99 57-70 -> 26-34 ms (BENCHMARKS.md). KB_GC_TUNING=0 leaves the defaults.
"""

import gc
import os

YOUNG_THRESHOLD = 50_000
OLDER_THRESHOLDS = (20, 20)


def tune_garbage_collector() -> bool:
    """Call once the app is loaded and warm. Returns whether anything was changed."""
    if os.environ.get("KB_GC_TUNING", "1") == "0":
        return False
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
    gc.freeze()
    return True
