"""How many places each registration category has left: one rule, used by the price table and
the registration form (to show what is sold out before anyone types) and by the services that
take a place (which ask under the meeting's lock).

A place is taken by a confirmed registration, an unpaid one still within its hold, and a
waitlist offer not yet expired (except an offer to the person asking: that place is theirs).
"""

from collections import Counter
from datetime import datetime

from django.db.models import Count, Min

from .models import Meeting, Registration, RegistrationCategory, RegistrationSettings, WaitlistEntry


def places_left(
    meeting: Meeting,
    categories: list[RegistrationCategory],
    registration_settings: RegistrationSettings,
    *,
    now: datetime,
    user=None,
    excluding: Registration | None = None,
) -> dict[int, int | None]:
    """Places still free in each category, by category id (None: no limit). Two queries,
    whatever the number of categories and registrations. `excluding` is a hold counted as
    free (the person's own, which they are about to swap for another choice)."""
    holding = Registration.objects.filter(meeting=meeting).holding_places(now)
    if excluding is not None:
        holding = holding.exclude(pk=excluding.pk)
    held = Counter(dict(holding.order_by().values_list("category_id").annotate(count=Count("pk"))))
    offers = WaitlistEntry.objects.filter(
        meeting=meeting, status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=now
    )
    if user is not None:
        offers = offers.exclude(user=user)
    offered = Counter(
        dict(offers.order_by().values_list("category_id").annotate(count=Count("pk")))
    )
    taken_in_meeting = held.total() + offered.total()
    left = {}
    for category in categories:
        limits = []
        if registration_settings.capacity is not None:
            limits.append(registration_settings.capacity - taken_in_meeting)
        if category.capacity is not None:
            limits.append(category.capacity - held[category.pk] - offered[category.pk])
        left[category.pk] = max(min(limits), 0) if limits else None
    return left


def next_place_freed(meeting: Meeting, *, now: datetime) -> datetime | None:
    """When the next unpaid hold or waitlist offer lapses, giving its place back by the clock
    alone. Two aggregate queries."""
    holds = Registration.objects.filter(
        meeting=meeting, status=Registration.Status.PENDING, hold_expires_at__gt=now
    ).aggregate(first=Min("hold_expires_at"))["first"]
    offers = WaitlistEntry.objects.filter(
        meeting=meeting, status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=now
    ).aggregate(first=Min("offer_expires_at"))["first"]
    lapses = [when for when in (holds, offers) if when is not None]
    return min(lapses) if lapses else None


def sold_out(left: dict[int, int | None]) -> set[int]:
    """The category ids with no place left."""
    return {
        category_id for category_id, places in left.items() if places is not None and places <= 0
    }


def categories_sold_out(
    meeting: Meeting, categories: list[RegistrationCategory], *, now: datetime, user=None
) -> set[int]:
    """For the registration page: the ids of the categories with no place left, as the
    attendee would find them when sending the form. Three queries, whatever the number of
    categories and registrations."""
    registration_settings = RegistrationSettings.objects.filter(
        meeting=meeting
    ).first() or RegistrationSettings(meeting=meeting)
    return sold_out(places_left(meeting, categories, registration_settings, now=now, user=user))
