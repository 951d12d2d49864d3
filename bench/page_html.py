"""Every public page's HTML as one visitor sees it, written to a folder, to compare two commits.

    DATABASE_URL=... KB_INDEX_DIR=... .venv/bin/python bench/page_html.py OUT_DIR
    diff -r OUT_DIR_BEFORE OUT_DIR_AFTER

Fetches, through Django's test client as one fixed visitor (the same one every run): home,
/articles/, every published article and scenario page (twice each, so a cached second render is
compared too), system pages, search pages and their HTMX fragments, the vote widget's states and
the search API. What differs on every request is blanked: CSRF tokens and the vote widget's
signed token (it carries the time), CSP nonces, the search-log id in result links.
"""

import argparse
import os
import re
from pathlib import Path

from support import setup_django

SEARCHES = ["contact not synced", "matter", "token expired", "zzzz no match"]
VISITOR = "0123456789abcdef0123456789abcdef"
VOLATILE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"'), r'\1-"'),
    (re.compile(r'("X-CSRFToken": ")[^"]*"'), r'\1-"'),
    (re.compile(r'(name="token" value=")[^"]*"'), r'\1-"'),
    (re.compile(r"(token=)[^&\"]*"), r"\1-"),
    (re.compile(r'( nonce=")[^"]*"'), r'\1-"'),
    (re.compile(r"([?&](?:amp;)?sl=)\d+"), r"\1-"),
    (re.compile(r'(data-search-log=")\d+"'), r'\1-"'),
]


def normalized(html: str) -> str:
    for pattern, replacement in VOLATILE:
        html = pattern.sub(replacement, html)
    return html


def public_paths() -> list[tuple[str, dict]]:
    from kb.models import Article, Scenario, System

    paths = [("/", {}), ("/articles/", {})]
    for article in Article.objects.published().order_by("slug"):
        paths.append((article.get_absolute_url(), {}))
    for scenario in Scenario.objects.published().order_by("slug"):
        url = scenario.get_absolute_url()
        paths += [(url, {}), (url, {}), (url + "?feedback=reasons", {})]
    paths += [(f"/systems/{s.slug}/", {}) for s in System.objects.order_by("slug")]
    for q in SEARCHES:
        paths += [(f"/search?q={q}", {}), (f"/search?q={q}", {"HTTP_HX_REQUEST": "true"})]
        paths.append((f"/api/search?q={q}", {}))
    return paths


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("out", help="The folder the pages are written to")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")  # the test client's host
    setup_django()
    from django.http import HttpResponse
    from django.test import Client

    from kb.visitor.identity import COOKIE_NAME, COOKIE_SALT

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    signed = HttpResponse()
    signed.set_signed_cookie(COOKIE_NAME, VISITOR, salt=COOKIE_SALT)
    client = Client()
    client.cookies[COOKIE_NAME] = signed.cookies[COOKIE_NAME].value
    for number, (path, headers) in enumerate(public_paths()):
        response = client.get(path, **headers)
        name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
        body = normalized(response.content.decode())
        text = f"{response.status_code} {path} {headers}\n{body}"
        (out / f"{number:03d}-{name}.txt").write_text(text)
    print(f"{number + 1} pages written to {out}")
    refused = sorted(p.name for p in out.glob("*.txt") if not p.read_text().startswith("200 "))
    if refused:
        raise SystemExit(f"not served (no 200): {', '.join(refused)}")


if __name__ == "__main__":
    main()
