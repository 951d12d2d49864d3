"""Every endpoint of the URLconf, each with a concrete path that resolves to it.

Tests that must hold for every endpoint (CSRF, XSS coverage) walk the URLconf instead of a
hand-kept list, so an endpoint added later cannot be forgotten.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern


@dataclass(frozen=True)
class Endpoint:
    path: str  # e.g. "/admin/kb/article/1/change/"
    name: str  # "namespace:name", or the view's dotted path when the pattern has no name
    callback: object
    # The path with "{}" where each parameter goes, e.g. "/steps/{}/check", and what each
    # parameter is ("slug", "path", ... or "regex" for a regex group).
    route: str = ""
    params: tuple[str, ...] = ()


CONVERTER_SAMPLES = {"int": "0", "slug": "0", "str": "0", "path": "0",
                     "uuid": "00000000-0000-0000-0000-000000000000"}
# A capturing group, named or not (simple_history's admin URLs use plain groups).
GROUP = re.compile(r"\((?:\?P<\w+>)?(?!\?)((?:[^()]|\([^()]*\))*)\)")


def _sample(pattern) -> str:
    """A path part matching `pattern` (a route or a regex), parameters filled with samples."""
    if isinstance(pattern, RoutePattern):
        return re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: CONVERTER_SAMPLES.get(m.group(1) or "str", "0"),
            str(pattern),
        )

    def group(m):
        body = m.group(1)
        # An alternation of literals (the admin's app labels): its first choice.
        first = body.split("|")[0]
        return first if re.fullmatch(r"[\w-]+", first) else "0"

    text = GROUP.sub(group, pattern.regex.pattern)
    return text.removeprefix("^").removesuffix("$").removesuffix("\\Z")


def _template(pattern) -> tuple[str, tuple[str, ...]]:
    """A path part of `pattern` with "{}" for each parameter, and each parameter's kind."""
    kinds: list[str] = []
    if isinstance(pattern, RoutePattern):

        def param(m):
            kinds.append(m.group(1) or "str")
            return "{}"

        literal = str(pattern).replace("{", "{{").replace("}", "}}")
        return re.sub(r"<(?:(\w+):)?\w+>", param, literal), tuple(kinds)

    def group(m):
        first = m.group(1).split("|")[0]
        if re.fullmatch(r"[\w-]+", first):
            return first
        kinds.append("regex")
        return "{}"

    text = GROUP.sub(group, pattern.regex.pattern.replace("{", "{{").replace("}", "}}"))
    return text.removeprefix("^").removesuffix("$").removesuffix("\\Z"), tuple(kinds)


def _leaf_sample(prefix: str, entry: URLPattern) -> str:
    part = _sample(entry.pattern)
    try:
        match = resolve(prefix + part)
    except Resolver404:
        match = None
    if match is None or match.func is not entry.callback:
        raise AssertionError(f"no sample path under {prefix!r} reaches {entry!r} ({part!r})")
    return part


def _walk(patterns, prefix: str, namespace: str, route: str = "/", params=()):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            part, kinds = _template(entry.pattern)
            sample = prefix + _sample(entry.pattern)
            yield from _walk(entry.url_patterns, sample, ns, route + part, params + kinds)
        else:
            callback = entry.callback
            name = (
                f"{namespace}{entry.name}"
                if entry.name
                else f"{callback.__module__}.{getattr(callback, '__qualname__', callback)}"
            )
            part, kinds = _template(entry.pattern)
            yield Endpoint(
                prefix + _leaf_sample(prefix, entry), name, callback, route + part, params + kinds
            )


_cache: list[Endpoint] | None = None


def endpoints() -> list[Endpoint]:
    global _cache
    if _cache is None:
        _cache = list(_walk(get_resolver().url_patterns, "/", ""))
    return _cache
