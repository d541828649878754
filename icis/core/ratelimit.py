"""Rate limits for the public forms (contact, newsletter sign-up): at most `limit` uses per
`period` seconds for each key (an address, a client IP), counted in the cache.

A fixed window: the first use starts it, and it ends `period` seconds later. Like allauth's
sign-in limits, these fail open while Redis is down (icis/core/cache.py says why): the forms
keep working, and what they send is bounded by other means (the outbox's dedupe keys, the
sign-up's own "one confirmation per address at a time")."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address: the one `TRUSTED_PROXY_COUNT` proxies saw (as for sign-in limits),
    else REMOTE_ADDR. Whatever a client puts before the trusted proxies is ignored."""
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_hit(*, scope: str, key: str, limit: int, period: int) -> bool:
    """Count one use of `scope` by `key`; True when that use is over the limit (refuse it)."""
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{scope}:{digest}"
    if cache.add(cache_key, 1, timeout=period):
        # `add` also answers True while the cache is unreachable: fail open.
        return False
    try:
        used = cache.incr(cache_key)
    except ValueError:
        # The window ended between add and incr, or the cache went away: start again.
        cache.add(cache_key, 1, timeout=period)
        return False
    return used > limit
