"""Taking a place: the one statement that counts and inserts under the meeting's lock, and
keeping or replacing an unpaid hold."""

from datetime import datetime, timedelta

from django.db import connection, transaction

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.payments import services as payment_services
from icis.payments.models import Payment
from members import selectors as member_selectors
from members import services as member_services
from members.exceptions import MembershipError

from ..audit import MeetingAction
from ..availability import places_left
from ..exceptions import RegistrationError, SoldOut
from ..models import (
    Registration,
    RegistrationCategory,
)
from ._common import (
    PROMO_USED_UP,
    Attendee,
    Status,
    User,
    _cancel,
    _confirm,
    _lock,
    _places_left,
)

# Counts the places held (confirmed, or unpaid within their hold) and offered to others, and
# inserts the registration only if there is room and the promo code has uses left: checking
# and writing are one statement, run right after the meeting's row is locked, so the count is
# taken after any earlier holder of the lock has committed.
_HOLD_PLACE_SQL = """
WITH offer_taken AS (
    UPDATE meetings_waitlistentry SET status = 'taken'
    WHERE meeting_id = %(meeting)s AND user_id = %(user)s AND status = 'offered'
)
INSERT INTO meetings_registration (
    id, created_at, updated_at, meeting_id, user_id, category_id, status, fee_window,
    list_price, discount, amount, promo_code_id, payment_id, is_complimentary, hold_expires_at,
    confirmed_at, refunded_amount, badge_name, affiliation, country, accessibility_needs,
    list_consent
)
SELECT %(id)s, %(now)s, %(now)s, %(meeting)s, %(user)s, %(category)s, %(status)s,
       %(fee_window)s, %(list_price)s, %(discount)s, %(amount)s, %(promo)s, %(payment)s, FALSE,
       %(hold_expires_at)s, %(confirmed_at)s, 0, %(badge_name)s, %(affiliation)s, %(country)s,
       %(accessibility_needs)s, %(list_consent)s
FROM (
    SELECT count(*) AS held,
           count(*) FILTER (WHERE category_id = %(category)s) AS held_in_category,
           count(*) FILTER (WHERE promo_code_id = %(promo)s) AS promo_uses
    FROM meetings_registration
    WHERE meeting_id = %(meeting)s
      AND (status = 'confirmed' OR (status = 'pending' AND hold_expires_at > %(now)s))
) AS places, (
    SELECT count(*) AS offered,
           count(*) FILTER (WHERE category_id = %(category)s) AS offered_in_category
    FROM meetings_waitlistentry
    WHERE meeting_id = %(meeting)s AND status = 'offered' AND offer_expires_at > %(now)s
      AND user_id <> %(user)s
) AS offers
WHERE (%(capacity)s::integer IS NULL OR places.held + offers.offered < %(capacity)s::integer)
  AND (%(category_capacity)s::integer IS NULL
       OR places.held_in_category + offers.offered_in_category < %(category_capacity)s::integer)
  AND (%(promo)s::bigint IS NULL OR places.promo_uses < %(promo_max)s::integer)
RETURNING id
"""


def _hold_kept(
    existing: Registration, category, promo_code: str, join, *, attendee: Attendee, now
) -> Registration | None:
    """The person's registration already there, when the form is sent again: the same choice
    keeps the hold and its payment (saving any corrected attendee details); None when the
    choice changed, the hold ran out or its payment was cancelled (a new place is taken)."""
    if existing.status == Status.CONFIRMED:
        raise RegistrationError("You are already registered for this meeting.")
    if not (
        existing.hold_expires_at
        and existing.hold_expires_at > now
        and existing.payment is not None
        and existing.payment.status == Payment.Status.PENDING
        and _same_choice(existing, category, promo_code, join)
    ):
        return None
    details = {
        "badge_name": attendee.badge_name,
        "affiliation": attendee.affiliation,
        "country": str(attendee.country),
        "accessibility_needs": attendee.accessibility_needs,
        "list_consent": attendee.list_consent,
    }
    changed = {key: value for key, value in details.items() if getattr(existing, key) != value}
    if changed:
        updated = Registration.objects.filter(pk=existing.pk, status=Status.PENDING).update(
            **changed, updated_at=now
        )
        if updated:
            for key, value in changed.items():
                setattr(existing, key, value)
            audit_record(
                actor=existing.user,
                action=MeetingAction.REGISTRATION_DETAILS_CHANGED,
                target=existing,
                data={"fields": sorted(changed)},
            )
    return existing  # the same form sent twice: one hold, one payment


def _hold_replace_prepare(
    existing: Registration, *, category, promo, registration_settings, now
) -> None:
    """Before a held place is swapped for a new choice: the new choice must have room (counting
    the person's own hold as free) and its code uses left, and the old hold's payment is
    cancelled at Stripe, with no lock held, so it can never be charged once its place is given
    back. (Room and uses are counted again under the lock when the new place is taken.)"""
    if promo is not None:
        uses = (
            Registration.objects.filter(promo_code=promo)
            .holding_places(now)
            .exclude(pk=existing.pk)
            .count()
        )
        if uses >= promo.max_uses:
            raise RegistrationError(PROMO_USED_UP)
    left = places_left(
        existing.meeting,
        [category],
        registration_settings,
        now=now,
        user=existing.user_id,
        excluding=existing,
    )[category.pk]
    if left is not None and left <= 0:
        raise SoldOut(_sold_out_message(category))
    if existing.status == Status.PENDING and existing.payment_id:
        payment = payment_services.payment_cancel_unless_paid(
            payment_id=existing.payment_id, actor=existing.user, now=now
        )
        if payment.is_paid:  # charged at the last moment: the place is confirmed now
            raise RegistrationError("You are already registered for this meeting.")
        if payment.status != Payment.Status.CANCELLED:
            raise RegistrationError(
                "Your card payment for the place you hold is still being processed. Nothing "
                "was changed; please try again in a few minutes."
            )


def _sold_out_message(category: RegistrationCategory) -> str:
    return f"The {category.name} rate is sold out."


def _hold_place(
    *,
    user,
    meeting,
    category,
    attendee,
    window,
    list_price,
    discount,
    promo,
    join,
    registration_settings,
    now,
    replacing: Registration | None = None,
) -> Registration:
    amount = list_price - discount
    free = amount == 0 and join is None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('meetings_registration', 'id'))")
        registration_id = cursor.fetchone()[0]
        payment = term = None
        if not free:
            # What is owed is written first, outside the lock; it rolls back with a refusal.
            items = []
            if join is not None:
                lock_one(User, pk=user.pk)
                # A renewal for a member whose membership does not cover the meeting; an
                # unpaid join or renewal started elsewhere is replaced by this one.
                try:
                    term, membership_item = member_services.membership_term_start(
                        user=user,
                        membership_type=join,
                        renewing=member_selectors.membership_standing(user=user).status != "none",
                        currency=meeting.currency,
                        now=now,
                    )
                except MembershipError as exc:
                    raise RegistrationError(str(exc)) from None
                items.append(membership_item)
            items.append(
                payment_services.Item(
                    kind="registration",
                    object_id=registration_id,
                    amount=amount,
                    description=f"{meeting.name} registration: {category.name} ({window.name})",
                )
            )
            payment = payment_services.payment_create(
                payer=user,
                currency=meeting.currency,
                items=items,
                description=f"{meeting.name} registration"
                + (f" and {join.name} membership" if join else ""),
                next_url=f"{meeting.get_absolute_url()}attend/",
                audited_by_caller=True,
            )
            if term is not None:
                term.payment = payment
                term.save(update_fields=["payment"])
        _lock(meeting)
        if replacing is not None:
            _hold_replaced(replacing, now=now)
        cursor.execute(
            _HOLD_PLACE_SQL,
            {
                "id": registration_id,
                "now": now,
                "meeting": meeting.pk,
                "user": user.pk,
                "category": category.pk,
                "status": Status.CONFIRMED if free else Status.PENDING,
                "fee_window": window.name,
                "list_price": list_price,
                "discount": discount,
                "amount": amount,
                "promo": promo.pk if promo else None,
                "promo_max": promo.max_uses if promo else None,
                "payment": payment.pk if payment else None,
                "hold_expires_at": None
                if free
                else now + timedelta(minutes=registration_settings.hold_minutes),
                "confirmed_at": now if free else None,
                "badge_name": attendee.badge_name,
                "affiliation": attendee.affiliation,
                "country": str(attendee.country),
                "accessibility_needs": attendee.accessibility_needs,
                "list_consent": attendee.list_consent,
                "capacity": registration_settings.capacity,
                "category_capacity": category.capacity,
            },
        )
        if cursor.fetchone() is None:
            left = _places_left(meeting, category, now=now, user=user)
            if left is not None and left <= 0:
                raise SoldOut(_sold_out_message(category))
            raise RegistrationError(PROMO_USED_UP)
        registration = Registration(
            pk=registration_id,
            meeting=meeting,
            user=user,
            category=category,
            status=Status.CONFIRMED if free else Status.PENDING,
            fee_window=window.name,
            list_price=list_price,
            discount=discount,
            amount=amount,
            promo_code=promo,
            payment=payment,
            badge_name=attendee.badge_name,
            affiliation=attendee.affiliation,
            country=attendee.country,
            accessibility_needs=attendee.accessibility_needs,
            list_consent=attendee.list_consent,
            created_at=now,
            updated_at=now,
            hold_expires_at=None
            if free
            else now + timedelta(minutes=registration_settings.hold_minutes),
        )
        registration._state.adding = False  # the row was just written by the statement above
        if free:
            _confirm(registration, now=now)
            audit_record(actor=user, action=MeetingAction.REGISTRATION_FREE, target=registration)
        else:
            audit_record(
                actor=user,
                action=MeetingAction.REGISTRATION_HOLD,
                target=registration,
                data={
                    "payment": payment.pk,
                    "amount": payment.amount,
                    "currency": payment.currency,
                },
            )
    return registration


def _hold_replaced(replacing: Registration, *, now: datetime) -> None:
    """Under the meeting's lock: the person's old hold ends, in the transaction that takes
    their new place (so a refusal keeps it)."""
    replacing.refresh_from_db(fields=["status"])
    if replacing.status == Status.CONFIRMED:
        raise RegistrationError("You are already registered for this meeting.")
    if replacing.status == Status.PENDING:
        _cancel(replacing, now=now)
        audit_record(actor=None, action=MeetingAction.REGISTRATION_HOLD_RELEASED, target=replacing)


def _same_choice(existing: Registration, category, promo_code: str, join) -> bool:
    from members.models import Membership

    joined = (
        Membership.objects.filter(payment_id=existing.payment_id)
        .values_list("membership_type_id", flat=True)
        .first()
        if existing.payment_id
        else None
    )
    return (
        existing.category_id == category.pk
        and (existing.promo_code.code.upper() if existing.promo_code else "")
        == promo_code.strip().upper()
        and joined == (join.pk if join else None)
    )
