"""A meeting as a schema.org Event, for the JSON-LD data block on its overview page: its name,
dates and times in its own zone, whether it happens in a place, online or both, the society as
organiser, and one offer per public registration category and fee window, priced in the
meeting's currency as an amount (never minor units)."""

from dataclasses import dataclass
from datetime import date, time, timedelta
from itertools import pairwise

from django.conf import settings
from django.db.models import Max, Min, Q
from django.urls import reverse

from icis.core.addresses import absolute_url
from icis.core.dates import html_datetime
from icis.core.money import from_minor_units
from icis.core.structured_data import SCHEMA_CONTEXT, society_organization

from .models import Fee, Format, Meeting, Session

SCHEMA = "https://schema.org/"
ATTENDANCE_MODE = {
    Format.IN_PERSON: "OfflineEventAttendanceMode",
    Format.VIRTUAL: "OnlineEventAttendanceMode",
    Format.HYBRID: "MixedEventAttendanceMode",
}
LAST_SECOND = time(23, 59, 59)


@dataclass(frozen=True)
class EventFacts:
    """What the Event needs beyond the meeting row: its fees (with their category and window)
    and the first and last times of its program."""

    fees: list[Fee]
    first_starts: time | None  # the earliest session on the first day
    last_ends: time | None  # the latest session end on the last day


def meeting_event_facts(*, meeting: Meeting) -> EventFacts:
    """Two queries, whatever the size of the fee table and the program."""
    fees = list(
        Fee.objects.filter(category__meeting=meeting, category__is_public=True)
        .select_related("category", "window")
        .order_by("window__ends_on", "category__ordering", "category__name")
    )
    bounds = Session.objects.filter(day__meeting=meeting).aggregate(
        first=Min("start_time", filter=Q(day__date=meeting.start_date)),
        last=Max("end_time", filter=Q(day__date=meeting.end_date)),
    )
    return EventFacts(fees=fees, first_starts=bounds["first"], last_ends=bounds["last"])


def _moment(meeting: Meeting, day: date, clock: time | None) -> str:
    """A time of the meeting with its zone's offset; only the day when none is known."""
    if clock is None:
        return day.isoformat()
    return html_datetime(meeting.at(day, clock))


def _event_status(meeting: Meeting) -> str:
    """Moved online when a change of format took an in-person or hybrid meeting fully virtual
    (Cytokines 2021); otherwise as scheduled."""
    moved_online = meeting.format == Format.VIRTUAL and any(
        change.to_format == Format.VIRTUAL and change.from_format != Format.VIRTUAL
        for change in meeting.format_changes.all()
    )
    return SCHEMA + ("EventMovedOnline" if moved_online else "EventScheduled")


def _location(meeting: Meeting) -> list[dict]:
    places = []
    if meeting.format in (Format.IN_PERSON, Format.HYBRID) and (meeting.venue or meeting.city):
        address = {"@type": "PostalAddress"}
        if meeting.city:
            address["addressLocality"] = meeting.city
        if meeting.country:
            address["addressCountry"] = meeting.country.code
        places.append({"@type": "Place", "name": meeting.venue or meeting.city, "address": address})
    if meeting.has_virtual_platform:
        on_demand = reverse("virtual:on_demand", kwargs={"slug": meeting.slug})
        places.append({"@type": "VirtualLocation", "url": absolute_url(on_demand)})
    return places


def _offers(meeting: Meeting, fees: list[Fee]) -> list[dict]:
    register = absolute_url(reverse("meetings:register", kwargs={"slug": meeting.slug}))
    # A window's prices start the day after the one before it ends.
    ends = sorted({fee.window.ends_on for fee in fees})
    starts = {end: previous + timedelta(days=1) for previous, end in pairwise(ends)}
    offers = []
    for fee in fees:
        offer = {
            "@type": "Offer",
            "name": f"{fee.category.name}, {fee.window.name}",
            "category": fee.category.name,
            "price": str(from_minor_units(fee.amount, meeting.currency)),
            "priceCurrency": meeting.currency.upper(),
            "validThrough": html_datetime(meeting.at(fee.window.ends_on, LAST_SECOND)),
            "url": register,
        }
        if fee.window.ends_on in starts:
            offer["validFrom"] = html_datetime(meeting.at(starts[fee.window.ends_on], time()))
        offers.append(offer)
    return offers


def meeting_event(
    *, meeting: Meeting, facts: EventFacts, image_url: str = "", description: str = ""
) -> dict:
    """The meeting as a schema.org Event (plain data, ready for a JSON-LD data block)."""
    data = {
        "@context": SCHEMA_CONTEXT,
        "@type": "Event",
        "name": meeting.name,
        "url": absolute_url(meeting.get_absolute_url()),
        "startDate": _moment(meeting, meeting.start_date, facts.first_starts),
        "endDate": _moment(meeting, meeting.end_date, facts.last_ends),
        "eventStatus": _event_status(meeting),
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODE[meeting.format],
        "organizer": society_organization(with_context=False),
    }
    if description:
        data["description"] = description
    if image_url:
        data["image"] = [absolute_url(image_url)]
    location = _location(meeting)
    if location:
        data["location"] = location[0] if len(location) == 1 else location
    offers = _offers(meeting, facts.fees)
    if offers:
        data["offers"] = offers
    return data


def meeting_event_for_page(*, meeting: Meeting, image_url: str = "") -> dict:
    """The Event of a meeting's overview page: its facts read (two queries), then built."""
    description = (
        meeting.tagline or f"{meeting.name}, the annual meeting of the {settings.SOCIETY_NAME}."
    )
    return meeting_event(
        meeting=meeting,
        facts=meeting_event_facts(meeting=meeting),
        image_url=image_url,
        description=description,
    )
