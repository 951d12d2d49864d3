"""Page weight: bytes transferred for the home, results and scenario pages, gzip-compressed.

Fetches each page and every same-origin asset it references (CSS, JS) through Django's test
client, compresses each response with gzip (level 6, what nginx and WhiteNoise use by default)
and prints the per-file and total figures. Counts a first visit with an empty cache.

    python bench/page_weight.py          # needs the content loaded: `make setup`
"""

import argparse
import gzip
import re
import sys

from support import setup_django

PAGES = {
    "home": "/",
    "results": "/search?q=contact+not+syncing",
    "scenario": "/s/matter-not-synced-pm/",
}
BUDGET = 100 * 1024
ASSET = re.compile(r'<(?:script|link)[^>]+(?:src|href)="(/static/[^"]+)"')
EXTERNAL = re.compile(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="((?:https?:)?//[^"]+)"')


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def main() -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    setup_django()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    failed = False
    for name, url in PAGES.items():
        response = client.get(url)
        html = response.content
        files = [(url, len(html), gzipped(html))]
        for asset in ASSET.findall(html.decode()):
            body = b"".join(client.get(asset).streaming_content or [])
            files.append((asset, len(body), gzipped(body)))
        external = EXTERNAL.findall(html.decode())
        total = sum(z for _, _, z in files)
        print(
            f"{name}: {total / 1024:.1f} KB gzip ({len(files)} requests, {len(external)} external)"
        )
        for path, raw, zipped in files:
            print(f"    {zipped / 1024:7.1f} KB gzip  {raw / 1024:7.1f} KB raw  {path}")
        failed |= total > BUDGET or bool(external)
    print(
        f"budget: {BUDGET // 1024} KB per page, no external requests: {'FAIL' if failed else 'ok'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
