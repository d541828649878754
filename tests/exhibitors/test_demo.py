"""The demo's hall for Cytokines 2021: fictional exhibitors with checked PDFs, example.org
links, requests from demo attendees; a second run creates nothing."""

import pytest

from meetings.demo import cytokines_2021
from meetings.demo import load as meetings_load
from meetings.exhibitors import demo
from meetings.exhibitors.models import Booth, BoothResource, Lead
from tests.factories.meetings import SponsorFactory
from tests.factories.virtual import ConfirmedRegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_demo_hall_is_fictional_factual_and_loads_once(client):
    meetings_load()
    meeting = cytokines_2021()
    SponsorFactory(meeting=meeting, name="Genentech", description="Marketing words.")
    ConfirmedRegistrationFactory(meeting=meeting)

    first = demo.load(meeting)
    second = demo.load(meeting)

    assert first == {"booths": 4, "hours": 6, "resources": 6, "leads": 1}
    assert second == {"booths": 0, "hours": 0, "resources": 0, "leads": 0}
    genentech = Booth.objects.get(sponsor__name="Genentech")
    assert genentech.description == (
        "This Meeting is supported by a grant from Genentech, a member of the Roche Group."
    )
    others = Booth.objects.exclude(pk=genentech.pk)
    assert all(booth.sponsor.name.endswith("(fictional)") for booth in others)
    assert all(
        r.url.startswith("https://example.org/") for r in BoothResource.objects.exclude(url="")
    )
    for resource in BoothResource.objects.exclude(file=""):
        assert resource.file.open("rb").read(5) == b"%PDF-"
    assert Lead.objects.count() == 1
