"""Meeting pages do less work per view: country names looked up once per language, and the
program and committee lists rendered once per change of the meeting."""

import pytest
from django_countries import Countries

from meetings import demo
from meetings.models import Meeting

URL = "/meetings/cytokines-2021/"


@pytest.fixture
def meeting(db):
    demo.load()
    return Meeting.objects.get(slug=demo.SLUG)


def test_committee_countries_are_named_without_translating_each_again(client, meeting, monkeypatch):
    client.get(f"{URL}committees/")
    translated = []
    translate = Countries.translate_pair
    monkeypatch.setattr(
        Countries,
        "translate_pair",
        lambda self, *a, **kw: translated.append(a) or translate(self, *a, **kw),
    )

    html = client.get(f"{URL}committees/").content.decode()

    # 28 people with a country: before, each was translated (gettext) at every view.
    assert translated == []
    assert "(Chair), Cardiff University, Wales, United Kingdom</li>" in html
    assert "Hiroki Yoshida" in html and ", Japan</li>" in html
