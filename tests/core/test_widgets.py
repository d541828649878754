"""The long drop-down writes exactly what Django's own Select writes, only faster."""

import pytest
from django import forms
from django_countries import countries

from icis.core.widgets import LongSelect

CHOICES = [
    ("", "Any country"),
    *countries,
    ("<x>", 'Quotes " & <tags>'),
    ("Group", [("a", "Alpha"), ("b", "Beta")]),
]


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (None, {"id": "id_country"}),
        ("GB", {"id": "id_country", "required": True, "aria-invalid": "true"}),
        ("<x>", {"id": "x", "disabled": False, "aria-describedby": 'a"b'}),
        ("b", {}),
    ],
)
def test_the_long_select_writes_the_same_html_as_django_s_select(value, attrs):
    django_html = forms.Select(choices=CHOICES).render("country", value, attrs)
    long_html = LongSelect(choices=CHOICES).render("country", value, attrs)

    assert long_html == django_html
    assert "<x>" not in long_html  # escaped, as Django escapes it
