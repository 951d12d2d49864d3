"""JSON API: GET /api/search?q=&limit=&prefer= (limit 1..50, default 10; prefer: a system slug,
repeatable, whose scenarios rank first, as a visitor's own products do on the search page).

Each result carries `group` ("named": of a product the query names, listed first; "other": the
page's "In other products"; "" when the query names none) and the answer `vague` ("generic",
"flat" or ""), as the search page reads them."""

import orjson
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from kb.search.api import MAX_API_LIMIT, search_json
from kb.visitor.products import parse_products
from kb.visitor.untrusted import whole_number


@require_GET
def search(request):
    q = request.GET.get("q", "")
    raw_limit = request.GET.get("limit", "").strip()
    if raw_limit:
        limit = whole_number(raw_limit) or 0
        if not 1 <= limit <= MAX_API_LIMIT:
            return JsonResponse(
                {"error": f"limit must be a whole number from 1 to {MAX_API_LIMIT}."}, status=400
            )
    else:
        limit = 10
    try:
        prefer = parse_products(request.GET.getlist("prefer"))
    except ValueError as exc:
        return JsonResponse({"error": f"prefer: {exc}"}, status=400)
    body = orjson.dumps(search_json(q, limit=limit, prefer=prefer))
    return HttpResponse(body, content_type="application/json")
