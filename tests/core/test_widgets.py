"""The long drop-down writes exactly what Django's own Select writes, only faster."""

import pytest
from django import forms
from django_countries import countries

from icis.core import widgets
from icis.core.widgets import CountryFilterSelect, LongSelect, country_choices

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


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (None, {"id": "id_country"}),
        ("", {"id": "id_country"}),
        ("GB", {"id": "id_country", "aria-invalid": "true"}),
        ("ZZ", {}),
        ('<x">', {"id": "x"}),
    ],
)
def test_the_country_filter_writes_the_same_html_as_django_s_select(value, attrs):
    choices = country_choices("Any country")
    django_html = forms.Select(choices=choices).render("country", value, attrs)
    filter_html = CountryFilterSelect(blank_label="Any country").render("country", value, attrs)

    assert filter_html == django_html
    assert filter_html.count(" selected") == (0 if value in ("ZZ", '<x">') else 1)


def test_the_country_filter_writes_its_options_once(monkeypatch):
    widgets._country_options.clear()
    written = []
    option = widgets._option
    monkeypatch.setattr(widgets, "_option", lambda *a: written.append(a) or option(*a))
    select = CountryFilterSelect(blank_label="Any country")

    first = select.render("country", "FR", {})
    select.render("country", "JP", {})
    third = select.render("country", "FR", {})

    # Every country and the first option, written once for three page views.
    assert len(written) == len(countries) + 1
    assert first == third and '<option value="FR" selected>France</option>' in third


def test_the_directory_filter_checks_and_shows_a_country_without_going_through_the_list(
    monkeypatch,
):
    from django_countries import Countries

    from members.forms import DirectorySearchForm

    DirectorySearchForm({"country": "GB"}).as_div()  # the options and names, once
    listed = []
    iterate = Countries.__iter__
    monkeypatch.setattr(Countries, "__iter__", lambda self: listed.append(1) or iterate(self))

    chosen = DirectorySearchForm({"country": "GB"})
    html = chosen.as_div()

    assert chosen.is_valid() and '<option value="GB" selected>United Kingdom</option>' in html
    assert DirectorySearchForm({"country": ""}).is_valid()
    assert not DirectorySearchForm({"country": "ZZ"}).is_valid()
    assert not DirectorySearchForm({"country": "gb"}).is_valid()  # as the choices: codes only
    assert listed == []
