"""Addresses on the virtual platform: https only, and embedded only from approved hosts.

Every address an attendee is sent to (a live stream, a recording, a poster's narration, a
booth's video or link) is validated by `validate_https_url`. A player is embedded in a page
only when its host is an approved `EmbedHost`; the view then adds that host, and no other, to
the response's `frame-src` with `allow_frames` (there is never inline script). A page with one
player renders through `render_with_player`, which does both.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.shortcuts import render

URL_MAX_LENGTH = 500
_https_only = URLValidator(schemes=["https"])
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def validate_https_url(value: str) -> None:
    if len(value) > URL_MAX_LENGTH:
        raise ValidationError(f"An address is at most {URL_MAX_LENGTH} characters.")
    try:
        _https_only(value)
    except ValidationError:
        raise ValidationError(
            "Enter a full https:// address (other kinds of address are not accepted)."
        ) from None


def validate_host_name(value: str) -> None:
    if not _HOST.match(value or ""):
        raise ValidationError(
            "Enter a host name only, in lower case, like player.vimeo.com (no https://, no path)."
        )


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def approved_hosts() -> frozenset[str]:
    from .models import EmbedHost

    return frozenset(EmbedHost.objects.values_list("host", flat=True))


def embeddable(url: str, hosts: frozenset[str]) -> bool:
    """May this address be shown in a player frame? Only https, only from an approved host."""
    return bool(url) and url.lower().startswith("https://") and host_of(url) in hosts


def allow_frames(response, urls, hosts: frozenset[str]):
    """Let the page embed players from the approved hosts among `urls` (and nothing else)."""
    origins = sorted({f"https://{host_of(url)}" for url in urls if embeddable(url, hosts)})
    if origins:
        update = dict(getattr(response, "_csp_update", None) or {})
        update["frame-src"] = [*update.get("frame-src", []), *origins]
        response._csp_update = update
    return response


def render_with_player(
    request, template: str, context: dict, *, url: str, embedded: str, status: int = 200
):
    """Render a page that may show one player: `context[embedded]` says whether `url` is
    embedded (an approved https host) or shown as a link, and only an embedded player's host
    is allowed as a frame source. Without an address no host is looked up."""
    hosts = approved_hosts() if url else frozenset()
    context[embedded] = embeddable(url, hosts)
    return allow_frames(render(request, template, context, status=status), [url], hosts)
