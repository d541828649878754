"""Meet-the-presenter times: a bounded form, times inside the meeting's days (typed in the
meeting's zone), and an .ics per poster for attendees."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings.posters.forms import MAX_SLOTS
from meetings.posters.models import PresenterSlot
from tests.factories import UserFactory
from tests.factories.virtual import attendee_of


def _url(poster) -> str:
    return reverse("poster_presenter:detail", args=[poster.pk])


def _slots(rows, *, initial=0) -> dict:
    data = {
        "action": "slots",
        "slots-TOTAL_FORMS": str(len(rows)),
        "slots-INITIAL_FORMS": str(initial),
    }
    for number, (starts, ends, where) in enumerate(rows):
        data[f"slots-{number}-starts_at"] = starts
        data[f"slots-{number}-ends_at"] = ends
        data[f"slots-{number}-where"] = where
    return data


def _day(meeting, offset: int) -> str:
    return (meeting.start_date + timedelta(days=offset)).isoformat()


@pytest.mark.django_db
def test_the_presenter_adds_times_in_the_meeting_s_zone(presenter_client, poster):
    meeting = poster.meeting
    response = presenter_client.post(
        _url(poster),
        _slots(
            [
                (f"{_day(meeting, 1)}T14:00", f"{_day(meeting, 1)}T14:45", "Room 3"),
                (f"{_day(meeting, 0)}T09:30", f"{_day(meeting, 0)}T10:00", ""),
                ("", "", ""),  # an empty row is ignored
            ]
        ),
    )

    assert response.status_code == 302
    slots = list(PresenterSlot.objects.filter(poster=poster))
    assert [slot.starts_at for slot in slots] == [
        meeting.at(meeting.start_date, time(9, 30)),
        meeting.at(meeting.start_date + timedelta(days=1), time(14)),
    ]
    assert slots[1].where == "Room 3"
    page = presenter_client.get(_url(poster)).content.decode()
    assert 'value="' + f"{_day(meeting, 0)}T09:30" + '"' in page
    assert "Add these times to your calendar (.ics)" in page


@pytest.mark.django_db
def test_a_time_outside_the_meeting_or_ending_first_is_said_in_place(presenter_client, poster):
    meeting = poster.meeting
    before = _day(meeting, -1)
    outside = presenter_client.post(
        _url(poster), _slots([(f"{before}T10:00", f"{before}T11:00", "")])
    )
    backwards = presenter_client.post(
        _url(poster), _slots([(f"{_day(meeting, 0)}T11:00", f"{_day(meeting, 0)}T10:00", "")])
    )

    assert "Choose a time during the meeting" in outside.content.decode()
    assert "The time must end after it starts." in backwards.content.decode()
    assert not PresenterSlot.objects.exists()


@pytest.mark.django_db
def test_the_number_of_times_is_bounded(presenter_client, poster):
    meeting = poster.meeting
    rows = [
        (f"{_day(meeting, 0)}T{9 + n:02d}:00", f"{_day(meeting, 0)}T{9 + n:02d}:30", "")
        for n in range(MAX_SLOTS + 1)
    ]
    response = presenter_client.post(_url(poster), _slots(rows))

    assert response.status_code == 200
    assert f"Please submit at most {MAX_SLOTS} forms." in response.content.decode()
    assert not PresenterSlot.objects.exists()


@pytest.mark.django_db
def test_a_time_is_removed(presenter_client, poster):
    meeting = poster.meeting
    day = _day(meeting, 0)
    presenter_client.post(_url(poster), _slots([(f"{day}T09:00", f"{day}T09:30", "")]))
    data = _slots([(f"{day}T09:00", f"{day}T09:30", "")], initial=1)
    data["slots-0-DELETE"] = "on"

    presenter_client.post(_url(poster), data)

    assert not PresenterSlot.objects.filter(poster=poster).exists()


@pytest.mark.django_db
def test_attendees_download_the_times_as_ics(client, poster):
    meeting = poster.meeting
    starts = meeting.at(meeting.start_date, time(13))
    PresenterSlot.objects.create(
        poster=poster, starts_at=starts, ends_at=starts + timedelta(minutes=45), where="Room 3"
    )
    url = reverse("posters:meet_ics", args=[meeting.slug, poster.pk])
    assert client.get(url).status_code == 403  # not an attendee
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403

    client.force_login(attendee_of(meeting))
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == ('attachment; filename="meet-the-presenter-P1-7.ics"')
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == (
        "Meet the presenter (P1-7): IFN-\u03bb keeps the gut epithelium quiet"
    )
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtend") == starts + timedelta(minutes=45)
    assert str(event["location"]) == "Room 3"
    assert str(event["url"]).endswith(f"/meetings/{meeting.slug}/posters/{poster.pk}/")
    assert isinstance(event.decoded("dtstart"), datetime)


@pytest.mark.django_db
def test_a_hidden_poster_has_no_calendar(client, poster):
    poster.is_shown = False
    poster.save()
    client.force_login(attendee_of(poster.meeting))

    url = reverse("posters:meet_ics", args=[poster.meeting.slug, poster.pk])
    assert client.get(url).status_code == 404
