"""The meeting's pages: facts from the society's page, time zones, calendars, query counts."""

import io
import re
from datetime import UTC, date, datetime, time, timedelta
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone
from icalendar import Calendar
from PIL import Image

from meetings import demo, fragments, selectors
from meetings.models import (
    Meeting,
    Person,
    Phase,
    RegistrationSettings,
    Session,
    Talk,
    TalkSpeaker,
)
from meetings.validators import validate_logo
from tests.factories import (
    MeetingFactory,
    ProgramDayFactory,
    SessionFactory,
    SponsorFactory,
    SponsorTierFactory,
)
from tests.querycount import assert_queries_at_sizes, count_queries

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
    # The demo's letter is the project's summary of the host's message: named, not signed.
    assert "The host's message, in summary" in html
    assert "Professor Simon A Jones of Cardiff University" in html
    assert 'class="signature"' not in html and "Yr Athro Simon A Jones" not in html
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
    before = ProgramDayFactory(meeting=meeting, date=date(2021, 10, 30))
    after = ProgramDayFactory(meeting=meeting, date=date(2021, 11, 1))
    sessions = [
        SessionFactory(day=day, title=f"S{n}", start_time=time(10), end_time=time(11))
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
    MeetingFactory(
        edition=10,
        name="Cytokines 2022",
        slug="cytokines-2022",
        start_date=date(2022, 9, 1),
        end_date=date(2022, 9, 4),
        is_current=True,
    )
    with pytest.raises(IntegrityError):
        MeetingFactory(
            edition=11,
            name="Cytokines 2023",
            slug="cytokines-2023",
            start_date=date(2023, 9, 1),
            end_date=date(2023, 9, 4),
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
    gold = SponsorTierFactory(meeting=meeting, name="Gold", rank=1)
    SponsorFactory(
        meeting=meeting,
        tier=gold,
        name="Example Biologics",
        is_exhibitor=True,
        booth_link="https://example.org/booth",
    )
    SponsorFactory(meeting=meeting, tier=meeting.sponsor_tiers.get(rank=90), name="Lab Co")
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
        session = SessionFactory(
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


def test_page_query_counts_do_not_grow_with_the_program(client, meeting, monkeypatch):
    # What rendering costs: the lists are not taken from the fragment cache here (that they
    # are is tests/meetings/test_cheaper_pages.py).
    monkeypatch.setattr(fragments, "lists_version", lambda: uuid4().hex)
    pages = {
        "overview": URL,
        "program": f"{URL}program/",
        "sponsors": f"{URL}sponsors/",
        "committees": f"{URL}committees/",
        "cme": f"{URL}cme/",
        "list": "/meetings/",
    }
    # Both sizes have talks and speakers: an empty relation skips its prefetch query.
    _big_program(meeting, sessions=5, speakers=10)
    small = {name: count_queries(lambda url=url: client.get(url))[0] for name, url in pages.items()}
    _big_program(meeting)
    for n in range(30):
        SponsorFactory(meeting=meeting, name=f"Sponsor {n}")
    large = {name: count_queries(lambda url=url: client.get(url))[0] for name, url in pages.items()}
    assert small == large
    # The overview includes the posts about the meeting. Lowered: the overview and sponsors
    # take the tiers with the sponsors (not a second query), the program its day filter from
    # the days it shows, committees and CME load only what they show (the meeting, its
    # committees, their members; the meeting, its accreditations, its notices). The overview's
    # schema.org Event adds two: the fee table, and the first and last session times;
    # the Society Partners section reads the partners tied to the meeting: one more.
    assert large == {
        "overview": 12,
        "program": 6,
        "sponsors": 4,
        "committees": 3,
        "cme": 3,
        "list": 1,
    }


# --- Dates, phases and times -------------------------------------------------------------------


def _meeting(slug, start, end, **fields):
    defaults = {
        "edition": 10,
        "name": slug.replace("-", " ").title(),
        "time_zone": "Europe/London",
        "city": "Bristol",
        "status": Meeting.Status.ANNOUNCED,
    }
    return MeetingFactory(slug=slug, start_date=start, end_date=end, **{**defaults, **fields})


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_meeting_across_months_names_both_months_in_header_description_and_list(client):
    meeting = _meeting("cytokines-2027", date(2027, 2, 27), date(2027, 3, 2))
    html = client.get(meeting.get_absolute_url()).content.decode()
    banner = re.search(r'<p class="meeting-banner__facts">(.*?)</p>', html, re.S).group(1)
    assert "27 February – 2 March 2027" in banner
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert description.endswith("Society, 27 February – 2 March 2027.")
    assert "Saturday 27 February to Tuesday 2 March 2027" in _text(html)
    assert "27 February – 2 March 2027" in _text(client.get("/meetings/").content.decode())
    assert "27–2 March" not in html


def test_the_confirmation_email_names_both_months(open_meeting):
    from icis.mail.models import OutboundEmail
    from meetings import registration
    from tests.factories import UserFactory

    Meeting.objects.filter(pk=open_meeting.pk).update(
        start_date=date(2030, 12, 30), end_date=date(2031, 1, 2)
    )
    open_meeting.refresh_from_db()
    registration.registration_grant(
        user=UserFactory(),
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="non-member"),
        attendee=registration.Attendee(badge_name="Ada", affiliation="X", country="GB"),
        actor=None,
    )
    email = OutboundEmail.objects.get(template="meetings/email/registration_confirmed")
    assert email.context["dates"] == "30 December 2030 – 2 January 2031"


def test_past_upcoming_and_under_way_come_from_the_dates_in_the_meeting_s_zone():
    meeting = _meeting("tokyo", date(2026, 6, 1), date(2026, 6, 3), time_zone="Asia/Tokyo")
    # 20:00 UTC on 31 May is already 1 June in Tokyo.
    assert meeting.phase(datetime(2026, 5, 31, 14, tzinfo=UTC)) == Phase.UPCOMING
    assert meeting.phase(datetime(2026, 5, 31, 20, tzinfo=UTC)) == Phase.UNDER_WAY
    assert meeting.phase(datetime(2026, 6, 3, 14, tzinfo=UTC)) == Phase.UNDER_WAY
    assert meeting.phase(datetime(2026, 6, 3, 15, tzinfo=UTC)) == Phase.PAST


def test_the_meetings_page_lists_upcoming_and_past_by_their_dates(client, meeting):
    # Cytokines 2021 keeps the "current" flag: it is still past.
    Meeting.objects.filter(pk=meeting.pk).update(is_current=True)
    today = timezone.localdate()
    later = _meeting("later", today + timedelta(days=400), today + timedelta(days=403))
    sooner = _meeting("sooner", today + timedelta(days=40), today + timedelta(days=42))
    html = client.get("/meetings/").content.decode()
    upcoming = _section(html, "upcoming-title")
    past = _section(html, "past-title")
    assert upcoming.index("Sooner") < upcoming.index("Later")
    assert "Cytokines 2021" not in upcoming
    assert "Cytokines 2021" in past and "17–20 October 2021" in past
    assert "Sooner" not in past and "Later" not in past
    # The flag chooses among the upcoming meetings which one leads.
    Meeting.objects.filter(pk=meeting.pk).update(is_current=False)
    Meeting.objects.filter(pk=later.pk).update(is_current=True)
    upcoming = _section(client.get("/meetings/").content.decode(), "upcoming-title")
    assert upcoming.index("Later") < upcoming.index("Sooner")
    assert selectors.meetings_by_phase().featured == later
    assert selectors.meetings_by_phase().upcoming == [sooner]


def test_a_meeting_under_way_leads_before_the_flagged_upcoming_one(client, meeting):
    today = timezone.localdate()
    _meeting("next-year", today + timedelta(days=300), today + timedelta(days=303), is_current=True)
    _meeting("this-week", today - timedelta(days=1), today + timedelta(days=1))
    upcoming = _section(client.get("/meetings/").content.decode(), "upcoming-title")
    assert upcoming.index("This Week") < upcoming.index("Next Year")
    assert "Under way now" in upcoming and "Cytokines 2021" not in upcoming


def test_with_nothing_upcoming_the_meetings_page_says_so(client, meeting):
    html = client.get("/meetings/").content.decode()
    assert "No meeting has been announced yet" in _section(html, "upcoming-title")
    assert "Cytokines 2021" in _section(html, "past-title")


def test_the_meetings_page_and_its_selector_take_one_query_at_any_size(client, meeting):
    today = timezone.localdate()

    def grow(n):
        # Half past, half upcoming.
        for _ in range(n):
            k = Meeting.objects.count()
            start = today + timedelta(days=(k * 50) * (-1 if k % 2 else 1))
            _meeting(f"m-{k}", start, start + timedelta(days=2))

    assert_queries_at_sizes(expected=1, grow=grow, action=lambda: client.get("/meetings/"))
    assert_queries_at_sizes(expected=1, grow=grow, action=selectors.meetings_by_phase)


def _section(html: str, heading_id: str) -> str:
    return _text(
        re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S).group(1)
    )


def test_program_times_are_24_hour_with_the_zone_named(client, meeting):
    html = client.get(f"{URL}program/?kind=poster").content.decode()
    times = re.search(r'<p class="session__time">(.*?)</p>', html, re.S).group(1)
    assert re.fullmatch(
        r'<span class="time-range" data-local-range>'
        r'<time datetime="2021-10-18T15:30:00\+01:00">15:30</time>–'
        r'<time datetime="2021-10-18T16:30:00\+01:00">16:30</time> BST</span>'
        r" · Poster session · Virtual platform",
        times,
    )


def _attendee(meeting, **access):
    from meetings import registration
    from tests.factories import PASSWORD, UserFactory

    user = UserFactory()
    registration.settings_for(meeting)
    RegistrationSettings.objects.filter(meeting=meeting).update(**access)
    registration.registration_grant(
        user=user,
        meeting=meeting,
        category=meeting.categories.get(slug="non-member"),
        attendee=registration.Attendee(badge_name="Ada", affiliation="X", country="GB"),
        actor=None,
    )
    return user, PASSWORD


def test_the_attendee_page_links_the_stream_address(client, open_meeting):
    user, password = _attendee(open_meeting, access_published=True)
    client.login(email=user.email, password=password)
    html = client.get(f"/meetings/{open_meeting.slug}/attend/").content.decode()
    assert '<a href="https://stream.example.org/live" rel="noopener noreferrer">' in html


def test_after_the_meeting_the_attendee_page_promises_no_links(client, open_meeting):
    user, password = _attendee(open_meeting, access_published=False)
    client.login(email=user.email, password=password)
    attend = f"/meetings/{open_meeting.slug}/attend/"
    promise = "links will appear here before the meeting"
    assert promise in client.get(attend).content.decode()
    Meeting.objects.filter(pk=open_meeting.pk).update(
        start_date=date(2021, 10, 17), end_date=date(2021, 10, 20)
    )
    html = client.get(attend).content.decode()
    assert "Your registration" in html and promise not in html


def test_a_letter_staff_sign_is_shown_as_the_hosts_signed_letter(client, meeting):
    meeting.signature_block = "Professor Simon A Jones\nCardiff University"
    meeting.save(update_fields=["signature_block"])
    html = client.get(URL).content.decode()
    assert "Welcome from the host" in html and "in summary" not in html
    assert '<p class="signature">Professor Simon A Jones<br>Cardiff University</p>' in html
