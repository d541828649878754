"""Speed mentoring at the annual meeting: registered trainee attendees take a seat at a
mentor's table, never more than it has (a waitlist after that), and add it to their calendar."""

from datetime import datetime, time, timedelta

import pytest

from icis.mail.models import OutboundEmail
from meetings.registration import Attendee, registration_grant
from mentorship import speed_services
from mentorship.exceptions import MentorshipError
from mentorship.models import SpeedSeat, SpeedSession, SpeedTable
from tests.concurrency import race
from tests.factories.mentorship import mentor, trainee


@pytest.fixture
def table(open_meeting):
    session = SpeedSession.objects.create(meeting=open_meeting, location="Hall B")
    starts = datetime.combine(open_meeting.start_date, time(12), tzinfo=open_meeting.time_zone)
    return SpeedTable.objects.create(
        session=session,
        mentor=mentor(first_name="Mona", last_name="Mentor"),
        starts_at=starts,
        ends_at=starts + timedelta(minutes=20),
        capacity=2,
        topic="Careers in industry",
    )


def attendee(meeting, **profile):
    user = trainee(**profile)
    registration_grant(
        user=user,
        meeting=meeting,
        category=meeting.categories.get(slug="trainee-member"),
        attendee=Attendee(badge_name="T", affiliation="Lab", country="GB"),
        actor=None,
    )
    return user


@pytest.mark.django_db
def test_only_registered_trainee_attendees_sign_up_and_a_full_table_waitlists(table):
    meeting = table.session.meeting
    with pytest.raises(MentorshipError, match="registered attendees"):
        speed_services.speed_seat_take(table_id=table.pk, user=trainee(first_name="Unreg"))

    first, second, third = (attendee(meeting, first_name=f"A{n}") for n in range(3))
    seats = [
        speed_services.speed_seat_take(table_id=table.pk, user=u) for u in (first, second, third)
    ]

    assert [seat.waitlisted for seat in seats] == [False, False, True]
    passed_on = speed_services.speed_seat_give_up(table_id=table.pk, user=first)
    assert passed_on.trainee == third and not passed_on.waitlisted
    [email] = OutboundEmail.objects.filter(
        to_email=third.email, template="mentorship/email/speed_seat"
    )
    assert "Mona Mentor" in email.body_text


@pytest.mark.django_db(transaction=True)
def test_a_table_is_never_oversold_when_six_sign_up_at_once(open_meeting):
    session = SpeedSession.objects.create(meeting=open_meeting)
    starts = datetime.combine(open_meeting.start_date, time(12), tzinfo=open_meeting.time_zone)
    table = SpeedTable.objects.create(
        session=session, mentor=mentor(), starts_at=starts, ends_at=starts, capacity=2
    )
    people = [attendee(open_meeting, first_name=f"R{n}") for n in range(6)]

    outcomes = race(
        [lambda u=u: speed_services.speed_seat_take(table_id=table.pk, user=u) for u in people]
    )

    assert all(isinstance(outcome, SpeedSeat) for outcome in outcomes), outcomes
    assert SpeedSeat.objects.filter(table=table, waitlisted=False).count() == 2
    assert SpeedSeat.objects.filter(table=table, waitlisted=True).count() == 4


@pytest.mark.django_db
def test_the_session_page_and_calendar_file(client, table):
    meeting = table.session.meeting
    booked = attendee(meeting)
    client.force_login(booked)
    client.post(f"/mentorship/speed/tables/{table.pk}/seat/", {"action": "take"})

    page = client.get(f"/mentorship/speed/{table.session.pk}/").content.decode()
    assert "Booked" in page and "1 of 2" in page
    ics = client.get(f"/mentorship/speed/tables/{table.pk}/calendar.ics")
    assert ics["Content-Type"] == "text/calendar"
    body = ics.content.decode()
    assert "SUMMARY:Speed mentoring: Mona Mentor" in body
    assert "DTSTART;TZID=Europe/London:" in body
    assert "LOCATION:Hall B" in body
