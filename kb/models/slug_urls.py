"""URLs of the pages named by one slug (a scenario, an article), made without a reverse() per
link: a results list links ten of each, and reverse() was a tenth of its cost. And the URLs of
pages that take no argument (the search page), made once."""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=32)
def _parts(viewname: str, script_prefix: str, urlconf) -> tuple[str, str]:
    """The view's URL around its slug, for a script prefix and URLconf (reverse() reads both
    from the request's thread)."""
    marker = "kb-slug-marker"
    head, _, tail = reverse(viewname, args=[marker]).rpartition(marker)
    return head, tail


_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def slug_url(viewname: str):
    """slug -> the URL of `viewname` for it, as reverse() gives it."""
    head, tail = _parts(viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)

    def url(slug: str) -> str:
        if _SLUG.fullmatch(slug):  # what the <slug:> converter takes, which reverse() leaves as is
            return f"{head}{slug}{tail}"
        return reverse(viewname, args=[slug])

    return url


@functools.lru_cache(maxsize=32)
def _fixed(viewname: str, script_prefix: str, urlconf) -> str:
    return reverse(viewname)


def fixed_url(viewname: str) -> str:
    """The URL of `viewname`, which takes no arguments, as reverse() gives it."""
    return _fixed(viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
