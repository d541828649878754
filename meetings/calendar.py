"""The program as iCalendar, for people's own calendars."""

from typing import TYPE_CHECKING

from .models import Meeting, Session

# icalendar is imported when a calendar file is made: a web worker that never serves one does
# not hold it (see the README's "Speed and memory").
if TYPE_CHECKING:
    from icalendar import Calendar, Event


def _calendar(meeting: Meeting) -> "Calendar":
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//International Cytokine & Interferon Society//Meeting program//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{meeting.name} program")
    return calendar


def _event(session: Session, meeting: Meeting, *, site_url: str) -> "Event":
    from icalendar import Event, vText

    event = Event()
    event.add("uid", f"session-{session.pk}@{meeting.slug}.cytokinesociety.org")
    event.add("summary", session.title)
    event.add("dtstart", meeting.at(session.day.date, session.start_time))
    event.add("dtend", meeting.at(session.day.date, session.end_time))
    event.add("dtstamp", session.day.meeting.updated_at)
    where = ", ".join(part for part in (session.room, session.track) if part)
    if where:
        event["location"] = vText(where)
    speakers = [
        link.person.name for talk in session.talks.all() for link in talk.talkspeaker_set.all()
    ]
    description = [session.get_kind_display(), session.description.strip()]
    if speakers:
        description.append("Speakers: " + ", ".join(dict.fromkeys(speakers)))
    event.add("description", "\n\n".join(part for part in description if part))
    event.add("url", f"{site_url}{meeting.get_absolute_url()}program/#session-{session.pk}")
    return event


def program_ics(meeting: Meeting, days, *, site_url: str) -> bytes:
    calendar = _calendar(meeting)
    for day in days:
        for session in day.sessions.all():
            calendar.add_component(_event(session, meeting, site_url=site_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_ics(session: Session, *, site_url: str) -> bytes:
    meeting = session.day.meeting
    calendar = _calendar(meeting)
    calendar.add_component(_event(session, meeting, site_url=site_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
