"""schema.org data about the society, for JSON-LD data blocks (icis/core/templatetags/page_meta.py
writes them): the home page describes the society, and each meeting names it as organiser."""

from django.conf import settings
from django.templatetags.static import static

from .addresses import absolute_url

SCHEMA_CONTEXT = "https://schema.org"
DESCRIPTION = (
    "The International Cytokine & Interferon Society: the scientific family for cytokine and "
    "interferon research."
)


def society_organization(*, with_context: bool = True) -> dict:
    """The society as a schema.org Organization; the home page's data, and the `organizer` of
    every meeting (there without `@context`, which the enclosing data carries)."""
    home = absolute_url("/")
    data = {
        "@type": "Organization",
        "@id": f"{home}#organization",
        "name": settings.SOCIETY_NAME,
        "alternateName": settings.SOCIETY_SHORT_NAME,
        "url": home,
        "logo": absolute_url(static("img/logo-512.png")),
    }
    if with_context:
        data = {"@context": SCHEMA_CONTEXT, **data, "description": DESCRIPTION}
    return data
