from django import template

from icis.core.countries import country_name

register = template.Library()


@register.filter(name="country_name")
def country_name_filter(country) -> str:
    """`{{ person.country|country_name }}`: the name looked up once per language."""
    return country_name(country)
