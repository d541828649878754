"""Form widgets shared by every app."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _attributes(attrs: dict) -> str:
    """HTML attributes as Django's `attrs.html` writes them, escaped: True is a bare name,
    False none."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


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
                f'\n  <option value="{escape(option["value"])}"{_attributes(option["attrs"])}>'
                f"{escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        # Every name, value and label above went through escape().
        return mark_safe("".join(parts))  # nosec B308 B703
