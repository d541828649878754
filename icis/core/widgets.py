"""Form widgets shared by every app."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


def _attributes(attrs: dict) -> str:
    """HTML attributes as Django's `attrs.html` writes them, escaped: True is a bare name,
    False none."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _option(value, label, attrs: dict) -> str:
    return f'\n  <option value="{escape(value)}"{_attributes(attrs)}>{escape(label)}</option>\n'


class LongSelect(forms.Select):
    """A drop-down of hundreds of options (the countries). It writes the same HTML as Django's
    `Select` (a test compares them), but in plain Python rather than through a template per
    option: one country list was ~250 template renders and most of the time of its page."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(group_name)}">')
            parts.extend(
                _option(option["value"], option["label"], option["attrs"]) for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        # Every name, value and label above went through escape().
        return mark_safe("".join(parts))  # nosec B308 B703


# The options of the country filters, written once per (language, first option's label).
_country_options: dict[tuple[str | None, str], str] = {}


def country_choices(blank_label: str) -> list[tuple[str, str]]:
    from django_countries import countries

    return [("", blank_label), *countries]


class CountryFilterSelect(LongSelect):
    """The countries drop-down of a search filter (first option: `blank_label`, then every
    country). The same HTML as `LongSelect` with those choices, but the ~250 options are written
    once per language and kept: a page view only marks the chosen one."""

    def __init__(self, attrs=None, *, blank_label: str):
        super().__init__(attrs)
        self.blank_label = blank_label

    def options_html(self) -> str:
        key = (get_language(), self.blank_label)
        if key not in _country_options:
            _country_options[key] = "".join(
                _option(value, label, {}) for value, label in country_choices(self.blank_label)
            )
        return _country_options[key]

    def use_required_attribute(self, initial) -> bool:
        # Select's rule (the first option is an empty one) without going through the choices.
        return not self.is_hidden

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        options = self.options_html()
        chosen = f'\n  <option value="{escape("" if value is None else value)}">'
        if not isinstance(value, (list, tuple)) and chosen in options:
            options = options.replace(chosen, f"{chosen[:-1]} selected>", 1)
        select = f'<select name="{escape(name)}"{_attributes(self.build_attrs(self.attrs, attrs))}>'
        # Every name, value and label went through escape() (in `_option` for the options).
        return mark_safe(f"{select}{options}\n</select>")  # nosec B308 B703
