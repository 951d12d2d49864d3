"""POST the visitor's own products (system slugs), then back to the page they came from."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kb.visitor.products import parse_products, remember


@require_POST
def products(request):
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("kb:search")
    try:
        chosen = () if request.POST.get("clear") else parse_products(request.POST.getlist("system"))
    except ValueError as exc:
        context = {"error": str(exc), "back": back}
        return render(request, "kb/products_refused.html", context, status=400)
    response = HttpResponseRedirect(back)
    response.status_code = 303  # See Other: the browser GETs the page, no re-POST on reload
    remember(request, response, chosen)
    return response
