"""A poster's "meet the presenter" times as iCalendar, for people's own calendars."""

from django.urls import reverse

from .models import Poster


def poster_page_url(poster: Poster, *, site_url: str) -> str:
    gallery = reverse("posters:gallery", kwargs={"slug": poster.meeting.slug})
    return f"{site_url}{gallery}{poster.pk}/"


def meet_ics(poster: Poster, *, site_url: str) -> bytes:
    from icalendar import Calendar, Event, vText  # when a file is made (meetings/calendar.py)

    meeting = poster.meeting
    calendar = Calendar()
    calendar.add("prodid", "-//International Cytokine & Interferon Society//iPosters//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Meet the presenter: {poster.board_number or poster.title}")
    url = poster_page_url(poster, site_url=site_url)
    for slot in poster.slots.all():
        event = Event()
        event.add("uid", f"poster-slot-{slot.pk}@{meeting.slug}.cytokinesociety.org")
        board = f" ({poster.board_number})" if poster.board_number else ""
        event.add("summary", f"Meet the presenter{board}: {poster.title}")
        event.add("dtstart", slot.starts_at)
        event.add("dtend", slot.ends_at)
        event.add("dtstamp", poster.updated_at)
        if slot.where:
            event["location"] = vText(slot.where)
        event.add(
            "description",
            f"{poster.presenter_name} presents the poster at {meeting.name}.\n{url}",
        )
        event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()
