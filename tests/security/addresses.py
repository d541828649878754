"""Every address the site answers, read from its URL resolver, and a concrete URL for each with
another member's objects put in."""

import re

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# The Django admin's own pages (lists, add, change, delete, history, its sign-in) are guarded by
# the admin site as a whole and tested in tests/test_admin_pages.py; the site's own admin pages
# (refunds, judging, imports...) are in the table.
_ADMIN_BUILT_IN = re.compile(
    r"^admin:(index|login|logout|password_change|password_change_done|autocomplete|jsi18n"
    r"|view_on_site|app_list|.*_(changelist|add|change|delete|history))$"
)

# Static files have no URL pattern: WhiteNoise serves them before the resolver runs.
STATIC_KEY = "static"
# A route's keyword arguments, in path() (`<int:pk>`) and re_path() (`(?P<key>...)`) routes;
# read from the whole route, as an include() may hold some of them.
_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")
STATIC_PATH = "/static/css/site.css"


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = namespace + pattern.name if pattern.name else None
            yield name, route, pattern


def patterns() -> dict[str, tuple[str | None, str, list[str]]]:
    """key -> (name, route, keyword arguments). The key is the URL name, or the route for the
    few unnamed redirects."""
    found = {}
    for name, route, _pattern in _walk(get_resolver().url_patterns):
        if name and _ADMIN_BUILT_IN.match(name):
            continue
        if name is None and route.startswith("admin/"):
            continue
        arguments = sorted(set(_ARGUMENT.findall(route)))
        found[name or route] = (name, route, arguments)
    return found


def url_for(key: str, world) -> str:
    if key == STATIC_KEY:
        return STATIC_PATH
    name, route, arguments = patterns()[key]
    if name is None:
        return "/" + route
    own = world.by_name.get(name, {})
    kwargs = {argument: own.get(argument, world.kwargs.get(argument)) for argument in arguments}
    missing = [argument for argument, value in kwargs.items() if value is None]
    assert not missing, f"{key}: no value for {missing} in tests/security/world.py"
    return reverse(name, kwargs=kwargs)
