"""Search engines read each meeting as a schema.org Event and the society as an Organization,
from JSON-LD data blocks: dates and times with the meeting's offset, where it happens (a place,
online, or both), its status, the society as organiser, and its fee table as offers priced in
the meeting's currency as amounts, never minor units. The data cannot break out of its block."""

from datetime import date, time

import pytest

from meetings.models import Format, Meeting
from tests.factories.meetings import (
    FeeFactory,
    FeeWindowFactory,
    FormatChangeFactory,
    MeetingFactory,
    ProgramDayFactory,
    RegistrationCategoryFactory,
    SessionFactory,
)
from tests.site.page_parts import page_parts

pytestmark = pytest.mark.django_db

ORIGIN = "https://www.cytokinesociety.example"
SOCIETY = "International Cytokine & Interferon Society"


@pytest.fixture(autouse=True)
def site_origin(settings):
    settings.SITE_URL = ORIGIN


def events_on(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200
    data = page_parts(response.content.decode()).json_ld
    return [item for item in data if item.get("@type") == "Event"]


@pytest.fixture
def cardiff(db):
    """An in-person meeting in Cardiff (British Summer Time on its first day, GMT on its last),
    with a program and a fee table of two public categories in two windows, and one category
    staff give (not on sale)."""
    meeting = MeetingFactory(
        slug="cytokines-2021",
        name="Cytokines 2021",
        tagline="The 9th Annual Meeting",
        start_date=date(2021, 10, 30),
        end_date=date(2021, 11, 2),
        time_zone="Europe/London",
        venue="City Hall",
        city="Cardiff",
        country="GB",
        format=Format.IN_PERSON,
        status=Meeting.Status.REGISTRATION_OPEN,
        currency="GBP",
    )
    early = FeeWindowFactory(meeting=meeting, name="Early bird", ends_on=date(2021, 8, 31))
    regular = FeeWindowFactory(meeting=meeting, name="Regular", ends_on=date(2021, 10, 29))
    member = RegistrationCategoryFactory(meeting=meeting, name="Member", ordering=1)
    other = RegistrationCategoryFactory(meeting=meeting, name="Non-member", ordering=2)
    speaker = RegistrationCategoryFactory(meeting=meeting, name="Speaker", is_public=False)
    FeeFactory(category=member, window=early, amount=45000)
    FeeFactory(category=member, window=regular, amount=52550)
    FeeFactory(category=other, window=early, amount=60000)
    FeeFactory(category=other, window=regular, amount=70000)
    FeeFactory(category=speaker, window=regular, amount=0)
    first = ProgramDayFactory(meeting=meeting, date=meeting.start_date)
    SessionFactory(day=first, start_time=time(13), end_time=time(14))
    SessionFactory(day=first, start_time=time(9, 30), end_time=time(11))
    last = ProgramDayFactory(meeting=meeting, date=meeting.end_date)
    SessionFactory(day=last, start_time=time(9), end_time=time(17, 15))
    return meeting


def test_the_meeting_page_describes_the_meeting_as_an_event(client, cardiff):
    [event] = events_on(client, "/meetings/cytokines-2021/")

    assert event["@context"] == "https://schema.org"
    assert event["name"] == "Cytokines 2021"
    assert event["description"] == "The 9th Annual Meeting"
    assert event["url"] == f"{ORIGIN}/meetings/cytokines-2021/"
    # Its first session starts at 09:30 in summer time; its last ends at 17:15 in winter time.
    assert event["startDate"] == "2021-10-30T09:30:00+01:00"
    assert event["endDate"] == "2021-11-02T17:15:00+00:00"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"] == {
        "@type": "Place",
        "name": "City Hall",
        "address": {"@type": "PostalAddress", "addressLocality": "Cardiff", "addressCountry": "GB"},
    }
    assert event["organizer"]["@type"] == "Organization"
    assert event["organizer"]["name"] == SOCIETY
    assert event["organizer"]["url"] == f"{ORIGIN}/"
    assert event["image"] == [f"{ORIGIN}/static/img/share.png"]


def test_each_public_price_is_an_offer_in_major_units_with_its_currency(client, cardiff):
    [event] = events_on(client, "/meetings/cytokines-2021/")
    offers = {offer["name"]: offer for offer in event["offers"]}

    assert set(offers) == {
        "Member, Early bird",
        "Non-member, Early bird",
        "Member, Regular",
        "Non-member, Regular",
    }  # the speakers' places are not on sale
    assert offers["Member, Early bird"]["price"] == "450.00"
    assert offers["Member, Regular"]["price"] == "525.50"
    assert offers["Non-member, Regular"]["price"] == "700.00"
    assert {offer["priceCurrency"] for offer in offers.values()} == {"GBP"}
    assert offers["Member, Early bird"]["validThrough"] == "2021-08-31T23:59:59+01:00"
    assert "validFrom" not in offers["Member, Early bird"]
    assert offers["Member, Regular"]["validFrom"] == "2021-09-01T00:00:00+01:00"
    assert offers["Member, Regular"]["url"] == f"{ORIGIN}/meetings/cytokines-2021/register/"


def test_a_currency_without_minor_units_is_priced_in_whole_units(client):
    meeting = MeetingFactory(slug="tokyo", status=Meeting.Status.ANNOUNCED, currency="JPY")
    FeeFactory(category=RegistrationCategoryFactory(meeting=meeting), amount=45000)
    [event] = events_on(client, "/meetings/tokyo/")
    [offer] = event["offers"]
    assert (offer["price"], offer["priceCurrency"]) == ("45000", "JPY")


def test_a_meeting_moved_online_is_a_virtual_event(client):
    meeting = MeetingFactory(
        slug="cytokines-2021",
        start_date=date(2021, 10, 17),
        end_date=date(2021, 10, 20),
        city="Cardiff",
        country="GB",
        format=Format.VIRTUAL,
        status=Meeting.Status.PAST,
    )
    FormatChangeFactory(meeting=meeting, from_format="hybrid", to_format="virtual")
    [event] = events_on(client, "/meetings/cytokines-2021/")

    assert event["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"] == {
        "@type": "VirtualLocation",
        "url": f"{ORIGIN}/meetings/cytokines-2021/on-demand/",
    }
    # No program yet: the days alone, without inventing times.
    assert (event["startDate"], event["endDate"]) == ("2021-10-17", "2021-10-20")
    assert "offers" not in event


def test_a_hybrid_meeting_is_in_a_place_and_online(client):
    MeetingFactory(
        slug="hybrid",
        venue="Cardiff City Hall",
        city="Cardiff",
        country="GB",
        format=Format.HYBRID,
        status=Meeting.Status.ANNOUNCED,
    )
    [event] = events_on(client, "/meetings/hybrid/")
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in event["location"]] == ["Place", "VirtualLocation"]


def test_the_data_cannot_close_its_block_or_start_markup(client):
    name = "Cytokines </script><script>alert(1)</script> & <!-- more"
    MeetingFactory(slug="odd", name=name, status=Meeting.Status.ANNOUNCED)
    html = client.get("/meetings/odd/").content.decode()
    block = html[html.index('<script type="application/ld+json">') :]
    block = block[: block.index("</script>")]
    assert "<" not in block.removeprefix('<script type="application/ld+json">')
    assert ">" not in block.removeprefix('<script type="application/ld+json">')
    assert "&" not in block.removeprefix('<script type="application/ld+json">')
    [event] = events_on(client, "/meetings/odd/")
    assert event["name"] == name


def test_the_home_page_describes_the_society(client):
    data = page_parts(client.get("/").content.decode()).json_ld
    [society] = [item for item in data if item.get("@type") == "Organization"]
    assert society["@context"] == "https://schema.org"
    assert society["name"] == SOCIETY
    assert society["alternateName"] == "ICIS"
    assert society["url"] == f"{ORIGIN}/"
    assert society["logo"] == f"{ORIGIN}/static/img/logo-512.png"
