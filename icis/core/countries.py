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


def _names_here() -> dict[str, str]:
    language = get_language()
    names = _names.get(language)
    if names is None:
        names = _names[language] = {str(code): str(name) for code, name in countries}
    return names


def country_name(country) -> str:
    """The name of a country (a code or django-countries' Country) in the active language, as
    `Country.name` gives it; "" for no or an unknown country."""
    return _names_here().get(str(getattr(country, "code", country) or "").upper(), "")


def is_country_code(code: str) -> bool:
    """A code among the countries offered (exactly as a choice's value: "GB", not "gb")."""
    return code in _names_here()
