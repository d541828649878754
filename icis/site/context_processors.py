from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse

from icis.core.addresses import canonical_url

# (label, the section's own address, the About page that describes it until that section exists)
_SECTIONS = [
    ("About", "site:about", None),
    ("Membership", "members:index", "membership"),
    ("Meetings", "meetings:index", "annual-meeting"),
    ("Awards", "awards:index", "awards"),
    ("News", "news:index", "news-and-signals"),
]


def _section_url(url_name: str, fallback_slug: str | None) -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return reverse("site:page", kwargs={"slug": fallback_slug})


@cache
def _section_urls() -> tuple[tuple[str, str], ...]:
    """(label, address) of each section, reversed once per process: the URLconf does not change
    while it runs, and every page shows them."""
    return tuple(
        (label, _section_url(url_name, fallback_slug))
        for label, url_name, fallback_slug in _SECTIONS
    )


@receiver(setting_changed)
def _forget_section_urls(*, setting, **kwargs) -> None:
    """A test that swaps the URLconf sees its own addresses."""
    if setting == "ROOT_URLCONF":
        _section_urls.cache_clear()


def navigation(path: str) -> list[dict]:
    return [
        {"label": label, "url": url, "current": path.startswith(url)}
        for label, url in _section_urls()
    ]


def site(request) -> dict:
    return {
        "society_name": settings.SOCIETY_NAME,
        "society_short_name": settings.SOCIETY_SHORT_NAME,
        "environment_banner": settings.ENVIRONMENT_BANNER,
        "navigation": navigation(getattr(request, "path", "")),
        "orcid_enabled": "orcid" in settings.SOCIALACCOUNT_PROVIDERS,
        "canonical_url": canonical_url(request) if hasattr(request, "GET") else "",
        "default_og_image": _default_og_image(),
    }


@cache
def _default_og_image() -> dict:
    """What link previews show for a page that puts no `og_image` of its own in its context
    (drawn by scripts/make_share_image.py)."""
    return {
        "url": static("img/share.png"),
        "width": 1200,
        "height": 630,
        "alt": f"The logo and name of the {settings.SOCIETY_NAME}",
    }
