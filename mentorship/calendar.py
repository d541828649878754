"""A speed-mentoring table as an iCalendar file, for the trainee's own calendar."""

from icalendar import Calendar, Event, vText

from .models import SpeedTable


def speed_table_ics(table: SpeedTable, *, site_url: str) -> bytes:
    session = table.session
    meeting = session.meeting
    calendar = Calendar()
    calendar.add("prodid", "-//International Cytokine & Interferon Society//Speed mentoring//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"speed-table-{table.pk}@{meeting.slug}.cytokinesociety.org")
    event.add("summary", f"{session.title}: {table.mentor.user.get_full_name()}")
    event.add("dtstart", table.starts_at.astimezone(meeting.time_zone))
    event.add("dtend", table.ends_at.astimezone(meeting.time_zone))
    event.add("dtstamp", table.starts_at)
    if session.location:
        event["location"] = vText(session.location)
    if table.topic:
        event.add("description", table.topic)
    event.add("url", f"{site_url}{session.get_absolute_url()}")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
