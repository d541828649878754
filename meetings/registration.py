"""Registration for the annual meeting: prices, places, promo codes, the waitlist,
cancellations, announcements and CME claims.

Every path that uses up a place (checkout, a waitlist offer taken up, a staff registration, an
award's free place) locks the meeting's row first and counts and writes inside that one lock,
so the last place is sold once and a promo code is never used more often than it may be.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.dates import date_range_text
from icis.core.locks import lock_one
from icis.core.money import format_money
from icis.mail.services import email_queue
from icis.payments import services as payment_services
from icis.payments.exceptions import PaymentError
from icis.payments.models import Payment
from members import selectors as member_selectors
from members import services as member_services
from members.dates import term_end
from members.exceptions import MembershipError
from members.models import TRAINEE_STAGES, MembershipType

from .availability import places_left
from .exceptions import RegistrationError, SoldOut
from .member_rate import member_rate_holds
from .models import (
    Fee,
    FeeWindow,
    Meeting,
    PromoCode,
    Registration,
    RegistrationCategory,
    RegistrationSettings,
    WaitlistEntry,
)

logger = logging.getLogger(__name__)
PROMO_USED_UP = "That promo code has been used as often as it may be."
User = get_user_model()
Status = Registration.Status


@dataclass(frozen=True)
class Attendee:
    """What the registration form asks."""

    badge_name: str
    affiliation: str
    country: str
    accessibility_needs: str = ""
    list_consent: bool = False


def meeting_today(meeting: Meeting, now: datetime | None = None) -> date:
    return meeting.local_today(now)


def fee_window_current(meeting: Meeting, *, now: datetime | None = None) -> FeeWindow | None:
    today = meeting_today(meeting, now)
    return meeting.fee_windows.filter(ends_on__gte=today).order_by("ends_on").first()


def streams_visible_to(*, user, meeting: Meeting) -> bool:
    """Session stream links are for confirmed attendees, once staff publish the access details."""
    if not user.is_authenticated:
        return False
    published = RegistrationSettings.objects.filter(meeting=meeting, access_published=True)
    return (
        published.exists()
        and Registration.objects.filter(
            meeting=meeting, user=user, status=Status.CONFIRMED
        ).exists()
    )


def settings_for(meeting: Meeting) -> RegistrationSettings:
    found = RegistrationSettings.objects.filter(meeting=meeting).first()
    if found is None:
        found, _ = RegistrationSettings.objects.get_or_create(meeting=meeting)
    return found


def _lock(meeting: Meeting) -> Meeting:
    """The meeting's row, locked: every path that takes or frees a place goes through it."""
    return lock_one(Meeting, pk=meeting.pk)


def _places_left(meeting: Meeting, category: RegistrationCategory, *, now, user=None) -> int | None:
    """Places still free in the category and the meeting (None: unlimited). Call under the
    meeting's lock."""
    return places_left(meeting, [category], settings_for(meeting), now=now, user=user)[category.pk]


def eligibility_problem(
    *, user, meeting: Meeting, category: RegistrationCategory, joining: MembershipType | None = None
) -> str:
    if category.requires_trainee and (
        member_services.profile_ensure(user=user).career_stage not in TRAINEE_STAGES
    ):
        return (
            "This rate is for students and postdoctoral researchers (set your career stage in "
            "your profile)."
        )
    if joining is not None:
        missing = member_services.profile_ensure(user=user).missing_for_membership()
        if missing:
            return f"To join, please complete your profile first: {', '.join(missing)}."
        problem = member_services.price_problem(membership_type=joining, currency=meeting.currency)
        if problem:
            return problem
    if category.requires_membership:
        if joining is not None:
            # A renewal continues from the current end; joining starts today.
            starts = member_selectors.membership_next_start(user=user)
            ends = term_end(starts, joining.term_months)
            if ends is not None and ends < meeting.end_date:
                return f"A {joining.name} membership bought today ends before the meeting."
            return ""
        if not member_rate_holds(user=user, meeting=meeting):
            return (
                "The member rate needs a membership that covers the meeting's dates "
                f"({date_range_text(meeting.start_date, meeting.end_date)}). Join or renew "
                "in the same checkout below."
            )
    return ""


def _promo(meeting, code_text: str, category, *, today) -> PromoCode | None:
    """The promo code, if it exists and applies; how often it has been used is checked when the
    place is taken, under the meeting's lock."""
    if not code_text:
        return None
    promo = PromoCode.objects.filter(
        meeting=meeting, code__iexact=code_text.strip(), is_active=True
    ).first()
    if promo is None:
        raise RegistrationError("That promo code is not valid for this meeting.")
    if (promo.valid_from and today < promo.valid_from) or (
        promo.valid_until and today > promo.valid_until
    ):
        raise RegistrationError("That promo code is not valid today.")
    if promo.categories.exists() and not promo.categories.filter(pk=category.pk).exists():
        raise RegistrationError(f"That promo code does not apply to {category.name}.")
    return promo


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


def registration_checkout(
    *,
    user,
    meeting: Meeting,
    category: RegistrationCategory,
    attendee: Attendee,
    promo_code: str = "",
    join: MembershipType | None = None,
    now: datetime | None = None,
) -> Registration:
    """Hold a place and create what the attendee pays (with a membership in the same payment
    when they join to get the member rate). Raises SoldOut when no place is left.

    Everything that needs no lock is checked and written first; the meeting's lock is held
    only for one statement that counts the places and writes the hold, so a rush of buyers
    queues on a step of a millisecond or two. A person who already holds a place and changes
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
                action="registration.details_changed",
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
            audit_record(actor=user, action="registration.free", target=registration)
        else:
            audit_record(
                actor=user,
                action="registration.hold",
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
        audit_record(actor=None, action="registration.hold_released", target=replacing)


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


def _confirm(registration: Registration, *, now: datetime) -> None:
    registration.status = Status.CONFIRMED
    registration.confirmed_at = now
    registration.hold_expires_at = None
    registration.save(update_fields=["status", "confirmed_at", "hold_expires_at"])
    meeting = registration.meeting
    email_queue(
        to=registration.user.email,
        template="meetings/email/registration_confirmed",
        context={
            "name": registration.user.get_short_name(),
            "meeting": meeting.name,
            "dates": date_range_text(meeting.start_date, meeting.end_date),
            "category": registration.category.name,
            "amount": format_money(registration.amount, meeting.currency),
            "attend_path": f"{meeting.get_absolute_url()}attend/",
            "receipt_path": registration.payment.get_receipt_url() if registration.payment else "",
        },
        dedupe_key=f"registration:{registration.pk}:confirmed",
        attachments=(
            [{"kind": "payment_receipt", "id": registration.payment_id}]
            if registration.payment_id
            else []
        ),
    )


def registration_fulfil(*, item, payment: Payment, now: datetime) -> None:
    """The payments registry calls this when a registration is paid for."""
    # Locks in the order every path takes them, payment then registration; the meeting's lock
    # is not needed here, as a paid hold already counts as a taken place.
    try:
        registration = lock_one(
            Registration.objects.select_related("meeting", "user", "category"),
            of=("self",),
            pk=item.object_id,
        )
    except Registration.DoesNotExist:  # its person erased their account meanwhile
        logger.error("Payment %s paid for registration %s, which no longer exists", payment.pk,
                     item.object_id)  # fmt: skip
        return
    if registration.status == Status.CONFIRMED:
        return
    # A hold is released only after its card intent is cancelled at Stripe, so a payment that
    # arrives here was made while the place was still held.
    _confirm(registration, now=now)
    audit_record(
        actor=None,
        action="registration.confirmed",
        target=registration,
        data={"payment": payment.pk},
    )


def registration_refunded(*, item, payment: Payment, fully: bool, now: datetime) -> None:
    if not fully:
        return
    registration = (
        Registration.objects.select_related("meeting", "category").filter(pk=item.object_id).first()
    )
    if registration is None:  # erased with its person's account: nothing left to cancel
        return
    _lock(registration.meeting)
    registration.refresh_from_db(fields=["status"])
    if registration.status == Status.CONFIRMED:
        _cancel(registration, now=now)
        waitlist_offer_next(meeting=registration.meeting, category=registration.category, now=now)


def _cancel(registration: Registration, *, now: datetime) -> None:
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])


def refund_percent(meeting: Meeting, *, now: datetime | None = None) -> int:
    today = meeting_today(meeting, now)
    rule = meeting.refund_rules.filter(until__gte=today).order_by("until").first()
    return rule.percent if rule else 0


def refund_due(
    registration: Registration, *, now: datetime | None = None, percent: int | None = None
) -> tuple[int, int]:
    """What cancelling gives back under the meeting's policy: (percent, amount in the meeting's
    currency). Only the registration's own amount (not a membership bought with it), and
    nothing for a place that was not paid for (an unpaid hold, a complimentary place).
    `percent` saves the lookup for a list."""
    if percent is None:
        percent = refund_percent(registration.meeting, now=now)
    if (
        registration.status != Status.CONFIRMED
        or not registration.payment_id
        or registration.is_complimentary
    ):
        return percent, 0
    return percent, registration.amount * percent // 100


def registration_cancel(
    *, registration_id: int, actor, now: datetime | None = None
) -> Registration:
    """The attendee (or staff) cancels: refunded by the meeting's policy, the place freed and
    offered to the waitlist. Call outside any transaction: the cancellation and the refund
    owed are recorded under the meeting's lock and committed, and only then is the refund
    made at Stripe, so nobody waits for Stripe to take a place."""
    now = now or timezone.now()
    registration = Registration.objects.select_related("meeting", "category", "user").get(
        pk=registration_id
    )
    if registration.status == Status.PENDING:
        if not _hold_release(registration, now=now, actor=actor):
            registration.refresh_from_db(fields=["status"])
            if registration.status == Status.CANCELLED:
                raise RegistrationError("This registration is already cancelled.")
            if registration.status == Status.CONFIRMED:
                raise RegistrationError("This registration was paid a moment ago; it stands.")
            raise RegistrationError(
                "The card payment for this place is still being processed. Nothing was "
                "changed; please try again in a few minutes."
            )
        return registration
    with transaction.atomic():
        _lock(registration.meeting)
        registration.refresh_from_db()
        if registration.status != Status.CONFIRMED:
            raise RegistrationError("This registration is already cancelled.")
        percent, refund = refund_due(registration, now=now)
        _cancel(registration, now=now)
        registration.refunded_amount = refund  # owed now, paid back just after the commit
        registration.save(update_fields=["refunded_amount"])
        email_queue(
            to=registration.user.email,
            template="meetings/email/registration_cancelled",
            context={
                "name": registration.user.get_short_name(),
                "meeting": registration.meeting.name,
                "refund": format_money(refund, registration.meeting.currency),
                "refunded": refund > 0,
                "percent": percent,
            },
            dedupe_key=f"registration:{registration.pk}:cancelled",
        )
        audit_record(
            actor=actor,
            action="registration.cancelled",
            target=registration,
            data={"refund": refund, "percent": percent},
        )
        waitlist_offer_next(meeting=registration.meeting, category=registration.category, now=now)
    if refund:
        _refund_owed(registration, amount=refund, percent=percent, actor=actor, now=now)
    return registration


def _refund_owed(registration: Registration, *, amount: int, percent: int, actor, now) -> None:
    """Pay back what a committed cancellation owes. Should Stripe fail, the cancellation
    stands and staff are told (the refund is then made from the payment's admin page)."""
    try:
        payment_services.payment_refund(
            payment_id=registration.payment_id,
            amount=amount,
            actor=actor,
            now=now,
            reason=f"Registration cancelled: {percent}% refund under the meeting's policy",
        )
    except PaymentError as exc:
        logger.exception("Refund of registration %s failed", registration.pk)
        audit_record(
            actor=actor,
            action="registration.refund_failed",
            target=registration,
            data={"amount": amount, "error": str(exc)},
        )


def _hold_release(registration: Registration, *, now: datetime, actor=None) -> bool:
    """An unpaid hold ends and its place is offered on, unless its card was charged at the
    last moment (then the payment is confirmed instead, and so is the place). Returns whether
    the place went back.

    Called outside any transaction: the card intent is cancelled at Stripe first, with no lock
    held; once cancelled there it can never be charged, and the place is given back under the
    meeting's lock."""
    if registration.payment_id:
        payment = payment_services.payment_cancel_unless_paid(
            payment_id=registration.payment_id, actor=actor, now=now
        )
        if payment.status != Payment.Status.CANCELLED:
            return False  # paid at the last moment, or Stripe still deciding: kept for now
    with transaction.atomic():
        _lock(registration.meeting)
        registration.refresh_from_db()
        if registration.status != Status.PENDING:
            return False
        _cancel(registration, now=now)
        audit_record(actor=actor, action="registration.hold_released", target=registration)
        waitlist_offer_next(meeting=registration.meeting, category=registration.category, now=now)
    return True


def holds_release_expired(*, now: datetime | None = None) -> int:
    """Beat: unpaid holds past their time, or whose payment was cancelled (a membership
    bought separately replaces the one in the same payment; staff cancel it), are released and
    their places offered on."""
    now = now or timezone.now()
    expired = list(
        Registration.objects.filter(status=Status.PENDING)
        .filter(Q(hold_expires_at__lte=now) | Q(payment__status=Payment.Status.CANCELLED))
        .select_related("meeting", "category")
        .order_by("hold_expires_at", "pk")
    )
    return sum(_hold_release(registration, now=now) for registration in expired)


def registration_grant(
    *,
    user,
    meeting: Meeting,
    category: RegistrationCategory,
    attendee: Attendee,
    actor,
    now: datetime | None = None,
    reason: str = "",
) -> Registration:
    """Staff register someone free (a speaker, an award winner). It takes a place like any
    other registration, under the same lock."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _lock(meeting)
        if (
            Registration.objects.filter(meeting=meeting, user=user)
            .exclude(status=Status.CANCELLED)
            .exists()
        ):
            raise RegistrationError(f"{user.email} is already registered for {meeting.name}.")
        left = _places_left(meeting, category, now=now, user=user)
        if left is not None and left <= 0:
            raise SoldOut(f"{category.name} is full.")
        registration = Registration.objects.create(
            meeting=meeting,
            user=user,
            category=category,
            is_complimentary=True,
            fee_window="Complimentary",
            badge_name=attendee.badge_name,
            affiliation=attendee.affiliation,
            country=attendee.country,
            accessibility_needs=attendee.accessibility_needs,
            list_consent=attendee.list_consent,
        )
        _confirm(registration, now=now)
        audit_record(
            actor=actor, action="registration.granted", target=registration, data={"reason": reason}
        )
    return registration


def waitlist_join(
    *, user, meeting: Meeting, category: RegistrationCategory, now: datetime | None = None
) -> WaitlistEntry:
    with transaction.atomic():
        _lock(meeting)
        if Registration.objects.filter(
            meeting=meeting, user=user, status=Status.CONFIRMED
        ).exists():
            raise RegistrationError("You are already registered.")
        active = WaitlistEntry.objects.filter(
            meeting=meeting,
            user=user,
            status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
        ).first()
        if active is not None:
            return active  # already waiting, or already offered a place
        left = _places_left(meeting, category, now=now or timezone.now(), user=user)
        if left is None or left > 0:
            raise RegistrationError(f"{category.name} still has places: register instead.")
        entry = WaitlistEntry.objects.create(meeting=meeting, user=user, category=category)
        audit_record(actor=user, action="waitlist.join", target=entry)
    return entry


def waitlist_offer_next(*, meeting: Meeting, category: RegistrationCategory, now: datetime) -> list:
    """Offer freed places to the longest-waiting people, each for a limited time. Call under
    the meeting's lock."""
    offered = []
    hours = settings_for(meeting).waitlist_offer_hours
    while True:
        left = _places_left(meeting, category, now=now)
        if left is not None and left <= 0:
            return offered
        entry = WaitlistEntry.objects.filter(
            meeting=meeting, category=category, status=WaitlistEntry.Status.WAITING
        ).first()
        if entry is None:
            return offered
        entry.status = WaitlistEntry.Status.OFFERED
        entry.offered_at = now
        entry.offer_expires_at = now + timedelta(hours=hours)
        entry.save(update_fields=["status", "offered_at", "offer_expires_at"])
        email_queue(
            to=entry.user.email,
            template="meetings/email/waitlist_offer",
            context={
                "name": entry.user.get_short_name(),
                "meeting": meeting.name,
                "category": category.name,
                "until": entry.offer_expires_at.astimezone(meeting.time_zone).strftime(
                    "%-d %B %Y, %H:%M %Z"
                ),
                "register_path": f"{meeting.get_absolute_url()}register/?category={category.slug}",
            },
            dedupe_key=f"waitlist:{entry.pk}:offer",
        )
        offered.append(entry)


def waitlist_expire_offers(*, now: datetime | None = None) -> int:
    """Beat: offers not taken in time lapse, and the place goes to the next person."""
    now = now or timezone.now()
    expired = 0
    for entry in WaitlistEntry.objects.filter(
        status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now
    ).select_related("meeting", "category"):
        with transaction.atomic():
            _lock(entry.meeting)
            updated = WaitlistEntry.objects.filter(
                pk=entry.pk, status=WaitlistEntry.Status.OFFERED
            ).update(status=WaitlistEntry.Status.EXPIRED)
            if updated:
                expired += 1
                waitlist_offer_next(meeting=entry.meeting, category=entry.category, now=now)
    return expired
