"""The benchmark's floor: the cheapest Django view there is, served only when KB_BENCH is set.

bench/run.py quotes every page's throughput as a ratio of this one, so the figures mean the
same on a faster or slower machine.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def floor(request):
    return JsonResponse({"ok": True})
