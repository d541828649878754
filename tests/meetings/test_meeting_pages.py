"""The meeting's pages: facts from the society's page, time zones, calendars, query counts."""

import io
from datetime import UTC, date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from icalendar import Calendar
from PIL import Image

from meetings import demo
from meetings.models import (
    Meeting,
    Person,
    ProgramDay,
    Session,
    Sponsor,
    SponsorTier,
    Talk,
    TalkSpeaker,
)
from meetings.validators import validate_logo
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db
URL = "/meetings/cytokines-2021/"


@pytest.fixture
def meeting(db):
    demo.load()
    return Meeting.objects.get(slug=demo.SLUG)


def test_the_overview_tells_the_2021_story(client, meeting):
    html = client.get(URL).content.decode()
    assert "9th Annual Meeting of the International Cytokine &amp; Interferon Society" in html
    assert "Cytokines 2021 is pivoting to fully virtual" in html
    assert "30 August 2021" in html and "Hybrid → Fully virtual" in html
    assert "Sunday 17 October to Wednesday 20 October 2021" in html
    assert "Professor Simon A Jones" in html and "Yr Athro Simon A Jones" in html
    assert "18 European CME credits (ECMEC®s)" in html
    assert "Compliant with the MedTech Europe Code of Ethical Business Practice" in html
    assert "supported by a grant from Genentech, a member of the Roche Group" in html


def test_committees_list_every_member_with_chair_and_affiliation(client, meeting):
    html = client.get(f"{URL}committees/").content.decode()
    assert (
        "<strong>Simon A Jones</strong> (Chair), Cardiff University, Wales, United Kingdom" in html
    )
    assert "Luke O’Neill" in html and "Hiroki Yoshida" in html
    assert html.count("<li><strong>") == 5 + 23


def test_cme_page_has_both_statements(client, meeting):
    html = client.get(f"{URL}cme/").content.decode()
    assert "European Accreditation Council for Continuing Medical Education (EACCME®)" in html
    assert "17/10/2021-20/10/2021, with 18 European CME credits" in html
    assert "starting on 17-10-2021 in Cardiff, United Kingdom" in html


def test_session_times_follow_daylight_saving_in_the_meeting_s_zone(meeting):
    # 31 October 2021: the clocks went back in London. A 10:00 session is 09:00 UTC before and
    # 10:00 UTC after.
    before = ProgramDay.objects.create(meeting=meeting, date=date(2021, 10, 30))
    after = ProgramDay.objects.create(meeting=meeting, date=date(2021, 11, 1))
    sessions = [
        Session.objects.create(day=day, title=f"S{n}", start_time=time(10), end_time=time(11))
        for n, day in enumerate((before, after))
    ]
    utc = [session.starts_at.astimezone(UTC) for session in sessions]
    assert utc == [
        datetime(2021, 10, 30, 9, tzinfo=UTC),
        datetime(2021, 11, 1, 10, tzinfo=UTC),
    ]


def test_the_calendar_has_every_session_at_the_right_instant(client, meeting):
    response = client.get(f"{URL}program.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = {event["SUMMARY"]: event for event in calendar.walk("VEVENT")}
    assert len(events) == 7
    start = events["iPoster session"].decoded("DTSTART")
    assert start.astimezone(UTC) == datetime(2021, 10, 18, 14, 30, tzinfo=UTC)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_one_session_calendar_and_unknown_sessions(client, meeting):
    session = Session.objects.get(title="Cytokines in cancer")
    calendar = Calendar.from_ical(client.get(f"{URL}program/{session.pk}.ics").content)
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Cytokines in cancer"]
    assert client.get(f"{URL}program/999999.ics").status_code == 404


def test_program_filters_by_day_and_kind_and_ignores_nonsense(client, meeting):
    html = client.get(f"{URL}program/?day=2021-10-18&kind=poster").content.decode()
    assert html.count('class="session card"') == 1 and "iPoster session" in html
    whole = client.get(f"{URL}program/?day=1999-99-99&kind=%3Cscript%3E").content.decode()
    assert whole.count('class="session card"') == 7


def test_drafts_are_not_public_and_only_one_meeting_is_current(client, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.DRAFT)
    assert client.get(URL).status_code == 404
    with pytest.raises(IntegrityError):
        Meeting.objects.create(
            edition=10,
            name="Cytokines 2022",
            slug="cytokines-2022",
            start_date=date(2022, 9, 1),
            end_date=date(2022, 9, 4),
            is_current=True,
        )


def _image(kind="PNG", size=(10, 10)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, kind)
    return SimpleUploadedFile(f"logo.{kind.lower()}", buffer.getvalue())


def test_logos_must_be_real_images_within_the_size_limit():
    validate_logo(_image())
    with pytest.raises(ValidationError, match="not an image"):
        validate_logo(SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>"))
    with pytest.raises(ValidationError, match="the limit is 1 MB"):
        validate_logo(SimpleUploadedFile("logo.png", b"0" * (1024 * 1024 + 1)))


def test_sponsor_page_groups_by_tier(client, meeting):
    gold = SponsorTier.objects.create(meeting=meeting, name="Gold", rank=1)
    Sponsor.objects.create(
        meeting=meeting,
        tier=gold,
        name="Example Biologics",
        is_exhibitor=True,
        booth_link="https://example.org/booth",
    )
    Sponsor.objects.create(meeting=meeting, tier=meeting.sponsor_tiers.get(rank=90), name="Lab Co")
    html = client.get(f"{URL}sponsors/").content.decode()
    assert (
        html.index("Gold")
        < html.index("Example Biologics")
        < html.index("Other Sponsors")
        < html.index("Lab Co")
    )
    assert "Visit the virtual booth" in html


def _big_program(meeting, sessions=150, speakers=400):
    people = Person.objects.bulk_create(
        Person(name=f"Speaker {n}", affiliation="Institute") for n in range(speakers)
    )
    days = list(meeting.days.all())
    for n in range(sessions):
        session = Session.objects.create(
            day=days[n % len(days)],
            title=f"Session {n}",
            start_time=time(8 + n % 10),
            end_time=time(9 + n % 10),
        )
        session.chairs.add(people[n % speakers])
        talks = Talk.objects.bulk_create(
            Talk(session=session, title=f"Talk {n}.{k}") for k in range(3)
        )
        TalkSpeaker.objects.bulk_create(
            TalkSpeaker(talk=talk, person=people[(n * 3 + k) % speakers])
            for k, talk in enumerate(talks)
        )


def test_page_query_counts_do_not_grow_with_the_program(client, meeting):
    pages = {
        "overview": URL,
        "program": f"{URL}program/",
        "sponsors": f"{URL}sponsors/",
        "committees": f"{URL}committees/",
        "list": "/meetings/",
    }
    # Both sizes have talks and speakers: an empty relation skips its prefetch query.
    _big_program(meeting, sessions=5, speakers=10)
    small = {name: count_queries(lambda url=url: client.get(url))[0] for name, url in pages.items()}
    _big_program(meeting)
    for n in range(30):
        Sponsor.objects.create(meeting=meeting, name=f"Sponsor {n}")
    large = {name: count_queries(lambda url=url: client.get(url))[0] for name, url in pages.items()}
    assert small == large
    # The overview includes the posts about the meeting.
    assert large == {"overview": 10, "program": 7, "sponsors": 5, "committees": 8, "list": 1}
