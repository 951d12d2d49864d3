"""Friendly error pages for what a visitor can fix themselves."""

from urllib.parse import urlsplit

from django.shortcuts import render
from django.urls import reverse


def csrf_failure(request, reason=""):
    """A form posted with an expired or missing CSRF token (a tab left open, cookies cleared):
    say what happened and offer the page it came from, instead of Django's bare 403."""
    referer = urlsplit(request.headers.get("Referer", ""))
    back = ""
    if referer.netloc == request.get_host() and referer.path.startswith("/") and not referer.path.startswith("//"):
        back = referer.path + (f"?{referer.query}" if referer.query else "")
    context = {"back_url": back or reverse("kb:home")}
    return render(request, "403_csrf.html", context, status=403)
