"""Settings of the Python process that serves the app (kb/wsgi.py, kb/asgi.py).

The garbage collector: a server process keeps a large, long-lived heap (Django, the URLconf,
the search caches: 65,000 objects after start-up, 140,000 after 500 searches at 10,000
scenarios), and each full pass of the collector walks all of it: 30-60 ms, about once every 50
searches at that size, added to whichever request it lands on. Objects alive once the app is
warm are moved out of the collector's passes (gc.freeze), and the youngest generation is
collected every 10,000 allocations instead of 700, so fewer objects reach the old generation.
At 10,000 scenarios (BENCHMARKS.md): in-process search mean 7.7 -> 6.8 ms, p99 52-64 -> 25-30
ms; under gunicorn the search API's p99 went from 70 ms (42-44 with the freeze alone) to 29-30
ms, and a trivial view's stayed near 5 ms (2-8). 50,000 was a little faster on average but gave
a trivial view a p99 of 15-23 ms (one long young collection every hundred requests).
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
