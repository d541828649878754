"""Country names, looked up once per language: django-countries translates a name (gettext)
at every access, and pages that list people show one per person."""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import get_language
from django_countries import countries

_names: dict[str | None, dict[str, str]] = {}


@receiver(setting_changed)
def _forget_names(*, setting, **kwargs) -> None:
    if setting.startswith("COUNTRIES_") or setting in ("LANGUAGE_CODE", "LANGUAGES"):
        _names.clear()


def country_name(country) -> str:
    """The name of a country (a code or django-countries' Country) in the active language, as
    `Country.name` gives it; "" for no or an unknown country."""
    code = str(getattr(country, "code", country) or "").upper()
    language = get_language()
    names = _names.get(language)
    if names is None:
        names = _names[language] = {str(code): str(name) for code, name in countries}
    return names.get(code, "")
