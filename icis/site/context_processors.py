from django.conf import settings
from django.urls import NoReverseMatch, reverse

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


def navigation(path: str) -> list[dict]:
    items = []
    for label, url_name, fallback_slug in _SECTIONS:
        url = _section_url(url_name, fallback_slug)
        items.append({"label": label, "url": url, "current": path.startswith(url)})
    return items


def site(request) -> dict:
    return {
        "society_name": settings.SOCIETY_NAME,
        "society_short_name": settings.SOCIETY_SHORT_NAME,
        "environment_banner": settings.ENVIRONMENT_BANNER,
        "navigation": navigation(getattr(request, "path", "")),
        "orcid_enabled": "orcid" in settings.SOCIALACCOUNT_PROVIDERS,
    }
