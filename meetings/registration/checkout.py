"""The registration checkout: price, eligibility and promo code, then a place held."""

from datetime import datetime

from django.db import IntegrityError
from django.utils import timezone

from members import selectors as member_selectors
from members import services as member_services

from ..exceptions import RegistrationError
from ..models import (
    Fee,
    Meeting,
    Registration,
    RegistrationCategory,
)
from ._common import (
    Attendee,
    Status,
    _promo,
    eligibility_problem,
    meeting_today,
    settings_for,
)
from .cancellation import _hold_release
from .places import _hold_kept, _hold_place, _hold_replace_prepare


def registration_checkout(
    *,
    user,
    meeting: Meeting,
    category: RegistrationCategory,
    attendee: Attendee,
    promo_code: str = "",
    join=None,  # a membership type bought in the same payment
    now: datetime | None = None,
) -> Registration:
    """Hold a place and create what the attendee pays (with a membership in the same payment
    when they join to get the member rate). Raises SoldOut when no place is left.

    Everything that needs no lock is checked first; the meeting's lock is held only while the
    places are counted and the hold and its payment written, so a rush of buyers queues on a
    step of a few milliseconds. A person who already holds a place and changes
    their choice keeps it until the new choice is known to be valid: the old hold's payment is
    cancelled at Stripe (no lock held), then the old hold is released and the new one taken
    under the same lock."""
    now = now or timezone.now()
    if meeting.status != Meeting.Status.REGISTRATION_OPEN:
        raise RegistrationError("Registration for this meeting is not open.")
    if category.meeting_id != meeting.pk or not category.is_public:
        raise RegistrationError("That registration category is not offered.")
    fee = (
        Fee.objects.filter(
            category=category,
            window__meeting=meeting,
            window__ends_on__gte=meeting_today(meeting, now),
        )
        .select_related("window")
        .order_by("window__ends_on")
        .first()
    )
    if fee is None:
        raise RegistrationError("Registration has closed, or this category has no price now.")
    window = fee.window
    problem = eligibility_problem(user=user, meeting=meeting, category=category, joining=join)
    if problem:
        raise RegistrationError(problem)
    if join is not None:
        join_problem = member_selectors.eligibility_problem(
            profile=member_services.profile_ensure(user=user), membership_type=join
        )
        if join_problem:
            raise RegistrationError(f"{join.name}: {join_problem}")
    existing = _registration_of(meeting=meeting, user=user)
    if existing is not None:
        kept = _hold_kept(
            existing,
            category=category,
            promo_code=promo_code,
            join=join,
            attendee=attendee,
            now=now,
        )
        if kept is not None:
            return kept
    promo = _promo(meeting, promo_code, category, today=meeting_today(meeting, now))
    discount = promo.discount_on(fee.amount) if promo else 0
    registration_settings = settings_for(meeting)
    if existing is not None:
        _hold_replace_prepare(
            existing,
            category=category,
            promo=promo,
            registration_settings=registration_settings,
            now=now,
        )
    try:
        return _hold_place(
            user=user,
            meeting=meeting,
            category=category,
            attendee=attendee,
            window=window,
            list_price=fee.amount,
            discount=discount,
            promo=promo,
            join=join,
            registration_settings=registration_settings,
            replacing=existing,
            now=now,
        )
    except RegistrationError:
        if existing is not None:
            # Refused in the moment since the checks above (sold out, the code used up): the
            # old hold's payment is cancelled already, so its place goes back rather than stay
            # a dead end.
            _hold_release(existing, now=now, actor=user)
        raise
    except IntegrityError:
        # The same person's other request took a place a moment ago: answer as for that one.
        existing = _registration_of(meeting=meeting, user=user)
        if existing is None:
            raise
        kept = _hold_kept(
            existing,
            category=category,
            promo_code=promo_code,
            join=join,
            attendee=attendee,
            now=now,
        )
        if kept is None:
            raise RegistrationError(
                "Your registration changed a moment ago; please try again."
            ) from None
        return kept


def _registration_of(*, meeting: Meeting, user) -> Registration | None:
    return (
        Registration.objects.filter(meeting=meeting, user=user)
        .exclude(status=Status.CANCELLED)
        .select_related("payment", "promo_code", "meeting", "category")
        .first()
    )
