"""Taking a place: under the meeting's lock, count the places and the promo code's uses, then
write the registration; and keeping or replacing an unpaid hold."""

from datetime import datetime, timedelta

from django.db import transaction

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
    WaitlistEntry,
)
from ._common import (
    PROMO_USED_UP,
    Attendee,
    Status,
    User,
    _cancel,
    _confirm,
    _lock,
)


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
    _require_promo_use(promo, now=now, excluding=existing)
    _require_place(
        meeting=existing.meeting,
        category=category,
        registration_settings=registration_settings,
        user=existing.user_id,
        now=now,
        excluding=existing,
    )
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


def _require_place(*, meeting, category, registration_settings, user, now, excluding=None) -> None:
    """Raises SoldOut when the category or the meeting has no place left for `user` (offers to
    others on the waitlist count as taken; `excluding` is a hold counted as free). Under the
    meeting's lock, the count includes every place taken by whoever held the lock before."""
    left = places_left(
        meeting, [category], registration_settings, now=now, user=user, excluding=excluding
    )[category.pk]
    if left is not None and left <= 0:
        raise SoldOut(_sold_out_message(category))


def _require_promo_use(promo, *, now, excluding: Registration | None = None) -> None:
    """Raises RegistrationError when the promo code has been used as often as it may be (by
    places held; `excluding` is a hold counted as free)."""
    if promo is None:
        return
    uses = Registration.objects.filter(promo_code=promo).holding_places(now)
    if excluding is not None:
        uses = uses.exclude(pk=excluding.pk)
    if uses.count() >= promo.max_uses:
        raise RegistrationError(PROMO_USED_UP)


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
    """The place taken: under the meeting's lock, the places and the promo code's uses are
    counted (every earlier holder of the lock has committed, so nothing they took is missed),
    then the registration and what is owed for it are written and the lock is released on
    commit. Raises SoldOut, or RegistrationError when the code is used up."""
    amount = list_price - discount
    free = amount == 0 and join is None
    with transaction.atomic():
        term = membership_item = None
        if join is not None:
            lock_one(User, pk=user.pk)
            # A renewal for a member whose membership does not cover the meeting; an unpaid
            # join or renewal started elsewhere is replaced by this one.
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
        _lock(meeting)
        if replacing is not None:
            _hold_replaced(replacing, now=now)
        _require_place(
            meeting=meeting,
            category=category,
            registration_settings=registration_settings,
            user=user,
            now=now,
        )
        _require_promo_use(promo, now=now)
        registration = Registration.objects.create(
            meeting=meeting,
            user=user,
            category=category,
            status=Status.CONFIRMED if free else Status.PENDING,
            fee_window=window.name,
            list_price=list_price,
            discount=discount,
            amount=amount,
            promo_code=promo,
            hold_expires_at=None
            if free
            else now + timedelta(minutes=registration_settings.hold_minutes),
            confirmed_at=now if free else None,
            badge_name=attendee.badge_name,
            affiliation=attendee.affiliation,
            country=attendee.country,
            accessibility_needs=attendee.accessibility_needs,
            list_consent=attendee.list_consent,
        )
        # A waitlist offer made to this person is theirs no longer: they hold the place now.
        WaitlistEntry.objects.filter(
            meeting=meeting, user=user, status=WaitlistEntry.Status.OFFERED
        ).update(status=WaitlistEntry.Status.TAKEN)
        if free:
            _confirm(registration, now=now)
            audit_record(actor=user, action=MeetingAction.REGISTRATION_FREE, target=registration)
            return registration
        registration.payment = _payment_for(
            registration, membership_item=membership_item, join=join, window=window
        )
        registration.save(update_fields=["payment"])
        if term is not None:
            term.payment = registration.payment
            term.save(update_fields=["payment"])
        audit_record(
            actor=user,
            action=MeetingAction.REGISTRATION_HOLD,
            target=registration,
            data={
                "payment": registration.payment.pk,
                "amount": registration.payment.amount,
                "currency": registration.payment.currency,
            },
        )
    return registration


def _payment_for(registration: Registration, *, membership_item, join, window) -> Payment:
    """What the person owes for the place they hold (and the membership they join with)."""
    meeting, category = registration.meeting, registration.category
    items = [membership_item] if membership_item is not None else []
    items.append(
        payment_services.Item(
            kind="registration",
            object_id=registration.pk,
            amount=registration.amount,
            description=f"{meeting.name} registration: {category.name} ({window.name})",
        )
    )
    return payment_services.payment_create(
        payer=registration.user,
        currency=meeting.currency,
        items=items,
        description=f"{meeting.name} registration"
        + (f" and {join.name} membership" if join else ""),
        next_url=f"{meeting.get_absolute_url()}attend/",
        audited_by_caller=True,
    )


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
    joined = member_selectors.membership_type_paid_by(payment_id=existing.payment_id)
    return (
        existing.category_id == category.pk
        and (existing.promo_code.code.upper() if existing.promo_code else "")
        == promo_code.strip().upper()
        and joined == (join.pk if join else None)
    )
