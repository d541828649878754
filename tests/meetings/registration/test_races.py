"""Registration under load: many people after the last places, a promo code with few uses, a
freed place, double clicks, and the beat and the payment webhook meeting on one registration.

Every test here starts real threads, each with its own PostgreSQL connection, released together
by a barrier, and checks the rows they leave behind, not only what the calls returned.
"""

import contextlib
import threading
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.utils import timezone

from icis.mail.models import OutboundEmail
from icis.payments import services as payment_services
from icis.payments.models import Payment, ReceiptCounter
from meetings.exceptions import RegistrationError, SoldOut
from meetings.models import Registration, RegistrationSettings, WaitlistEntry
from meetings.registration import (
    Attendee,
    holds_release_expired,
    registration_cancel,
    registration_checkout,
    registration_grant,
    waitlist_expire_offers,
    waitlist_join,
)
from members.models import CareerStage, MemberProfile
from tests.concurrency import race
from tests.factories import PromoCodeFactory
from tests.payments.stripe_browser import pay_in_browser
from tests.slow_stripe import INTENT_CANCELS, SlowStripe

User = get_user_model()
Status = Registration.Status
ATTENDEE = Attendee(badge_name="Ada Researcher", affiliation="Cardiff University", country="GB")
WAITLIST_OFFER = "meetings/email/waitlist_offer"
THREAD_TIMEOUT = 120


def _people(count: int, prefix: str = "buyer") -> list:
    """Accounts with a profile (as every account has), made in two queries."""
    users = User.objects.bulk_create(
        User(email=f"{prefix}{n}@example.org", first_name=f"Given{n}", last_name=f"Family{n}")
        for n in range(count)
    )
    MemberProfile.objects.bulk_create(
        MemberProfile(
            user=user, institution="Institute", country="GB", career_stage=CareerStage.SENIOR
        )
        for user in users
    )
    return users


def _set_capacity(meeting, capacity: int | None) -> None:
    RegistrationSettings.objects.filter(meeting=meeting).update(capacity=capacity)


def _checkout(user, meeting, slug: str = "non-member", **kwargs):
    category = meeting.categories.get(slug=slug)
    return lambda: registration_checkout(
        user=user, meeting=meeting, category=category, attendee=ATTENDEE, **kwargs
    )


def _holding(meeting, now=None):
    return Registration.objects.filter(meeting=meeting).holding_places(now or timezone.now())


def _split(outcomes: list) -> tuple[list, list, list]:
    registrations = [o for o in outcomes if isinstance(o, Registration)]
    sold_out = [o for o in outcomes if isinstance(o, SoldOut)]
    others = [o for o in outcomes if not isinstance(o, Registration | SoldOut)]
    return registrations, sold_out, others


def _offer_emails(user) -> int:
    return OutboundEmail.objects.filter(template=WAITLIST_OFFER, to_email=user.email).count()


# --- The last places ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_fifty_buyers_for_the_last_ten_places(open_meeting, staff_user):
    _set_capacity(open_meeting, 10)
    buyers = _people(50)
    # Someone refreshing the attendee count all through the sale: at no moment may it show
    # more places held than there are.
    most_seen = 0
    selling = threading.Event()
    selling.set()

    def watch() -> None:
        nonlocal most_seen
        try:
            while selling.is_set():
                most_seen = max(most_seen, _holding(open_meeting).count())
        finally:
            connection.close()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        outcomes = race([_checkout(buyer, open_meeting) for buyer in buyers])
    finally:
        selling.clear()
        watcher.join(THREAD_TIMEOUT)

    registrations, sold_out, others = _split(outcomes)
    assert others == []
    assert len(registrations) == 10 and len(sold_out) == 40
    assert {str(exc) for exc in sold_out} == {"The Non-member rate is sold out."}
    held = _holding(open_meeting)
    assert held.count() == 10 and most_seen <= 10
    assert set(held.values_list("pk", flat=True)) == {r.pk for r in registrations}
    assert all(r.status == Status.PENDING and r.amount == 75000 for r in registrations)
    # Each hold waits for its own payment; the losers left nothing behind.
    assert Payment.objects.filter(status=Payment.Status.PENDING).count() == 10
    assert Registration.objects.count() == 10

    # Staff giving a speaker a place count the same places under the same lock.
    speaker = _people(1, prefix="speaker")[0]
    with pytest.raises(SoldOut, match="Non-member is full"):
        registration_grant(
            user=speaker,
            meeting=open_meeting,
            category=open_meeting.categories.get(slug="non-member"),
            attendee=ATTENDEE,
            actor=staff_user,
        )
    assert _holding(open_meeting).count() == 10


@pytest.mark.django_db(transaction=True)
def test_a_staff_grant_and_buyers_racing_for_the_last_place_fill_it_once(open_meeting, staff_user):
    _set_capacity(open_meeting, 1)
    buyers = _people(8)
    speaker = _people(1, prefix="speaker")[0]
    category = open_meeting.categories.get(slug="non-member")

    def grant():
        return registration_grant(
            user=speaker,
            meeting=open_meeting,
            category=category,
            attendee=ATTENDEE,
            actor=staff_user,
        )

    outcomes = race([grant, *(_checkout(buyer, open_meeting) for buyer in buyers)])

    registrations, sold_out, others = _split(outcomes)
    assert others == []
    assert len(registrations) == 1 and len(sold_out) == 8
    assert _holding(open_meeting).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_promo_code_with_five_uses_is_used_five_times(open_meeting):
    PromoCodeFactory(meeting=open_meeting, code="TRAINEE5", percent_off=100, max_uses=5)
    buyers = _people(30)
    # Half type the code in lower case: the check ignores case, so the limit must too.
    outcomes = race(
        [
            _checkout(buyer, open_meeting, promo_code="TRAINEE5" if n % 2 else "trainee5")
            for n, buyer in enumerate(buyers)
        ]
    )

    registrations, _, refused = _split(outcomes)
    assert len(registrations) == 5 and len(refused) == 25
    assert all(type(exc) is RegistrationError for exc in refused)
    assert {str(exc) for exc in refused} == {"That promo code has been used as often as it may be."}
    rows = Registration.objects.filter(meeting=open_meeting)
    assert rows.count() == 5
    assert set(rows.values_list("status", "amount", "discount", "payment")) == {
        (Status.CONFIRMED, 0, 75000, None)
    }
    assert rows.filter(promo_code__code="TRAINEE5").count() == 5
    assert Payment.objects.count() == 0
    confirmed_to = OutboundEmail.objects.filter(
        template="meetings/email/registration_confirmed"
    ).values_list("to_email", flat=True)
    assert sorted(confirmed_to) == sorted(r.user.email for r in registrations)


# --- Double clicks -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_one_person_submitting_five_times_at_once_holds_one_place_and_one_payment(open_meeting):
    _set_capacity(open_meeting, 3)
    buyer = _people(1)[0]

    outcomes = race([_checkout(buyer, open_meeting) for _ in range(5)])

    registrations, _, others = _split(outcomes)
    assert others == [] and len(registrations) == 5
    assert len({r.pk for r in registrations}) == 1
    assert len({r.payment_id for r in registrations}) == 1
    assert Registration.objects.filter(user=buyer).count() == 1
    assert Payment.objects.filter(payer=buyer).count() == 1
    assert _holding(open_meeting).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_person_submitting_a_free_code_five_times_uses_it_once(open_meeting):
    promo = PromoCodeFactory(meeting=open_meeting, code="SPEAKER", percent_off=100, max_uses=3)
    buyer = _people(1)[0]

    outcomes = race([_checkout(buyer, open_meeting, promo_code="SPEAKER") for _ in range(5)])

    registrations, _, refused = _split(outcomes)
    assert len(registrations) == 1 and len(refused) == 4
    assert {str(exc) for exc in refused} == {"You are already registered for this meeting."}
    assert promo.registrations.count() == 1
    assert OutboundEmail.objects.filter(to_email=buyer.email).count() == 1


@pytest.mark.django_db(transaction=True)
def test_joining_the_waitlist_five_times_at_once_makes_one_entry(open_meeting):
    _set_capacity(open_meeting, 0)
    person = _people(1)[0]
    category = open_meeting.categories.get(slug="non-member")

    outcomes = race(
        [
            lambda: waitlist_join(user=person, meeting=open_meeting, category=category)
            for _ in range(5)
        ]
    )

    assert all(isinstance(o, WaitlistEntry) for o in outcomes), outcomes
    assert len({o.pk for o in outcomes}) == 1
    assert WaitlistEntry.objects.filter(user=person).count() == 1


# --- A freed place and the waitlist ------------------------------------------------------------


def _full_meeting_with_waitlist(meeting, waiting: int):
    """Capacity 1, taken free by A (a speaker's code); `waiting` people on the waitlist, in
    order. Returns A's registration and the waiting people."""
    _set_capacity(meeting, 1)
    PromoCodeFactory(meeting=meeting, code="SPEAKER", percent_off=100, max_uses=1)
    holder = _people(1, prefix="holder")[0]
    taken = _checkout(holder, meeting, promo_code="SPEAKER")()
    assert taken.status == Status.CONFIRMED and taken.amount == 0
    category = meeting.categories.get(slug="non-member")
    people = _people(waiting, prefix="waiting")
    for person in people:
        with pytest.raises(SoldOut, match="The Non-member rate is sold out"):
            _checkout(person, meeting)()
        waitlist_join(user=person, meeting=meeting, category=category)
    return taken, people


@pytest.mark.django_db
def test_a_freed_place_goes_to_the_waitlist_and_cannot_be_sold_twice(open_meeting):
    taken, (waiter,) = _full_meeting_with_waitlist(open_meeting, waiting=1)
    latecomer = _people(1, prefix="latecomer")[0]
    now = timezone.now()

    registration_cancel(registration_id=taken.pk, actor=taken.user, now=now)

    entry = WaitlistEntry.objects.get(user=waiter)
    assert entry.status == WaitlistEntry.Status.OFFERED
    assert entry.offer_expires_at == now + timedelta(hours=48)
    assert _offer_emails(waiter) == 1
    # The freed place is the waiter's for 48 hours, however quick anyone else is.
    with pytest.raises(SoldOut, match="The Non-member rate is sold out"):
        _checkout(latecomer, open_meeting)()

    held = _checkout(waiter, open_meeting)()

    assert held.status == Status.PENDING and held.payment.amount == 75000
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.TAKEN
    payment_services.payment_record_manual(
        payment_id=held.payment_id, method="bank_transfer", reference="BT-1", actor=None
    )
    held.refresh_from_db()
    assert held.status == Status.CONFIRMED
    assert list(_holding(open_meeting)) == [held]
    with pytest.raises(SoldOut):
        _checkout(latecomer, open_meeting)()


@pytest.mark.django_db
def test_an_offer_not_taken_in_time_passes_to_the_next_in_line(open_meeting):
    taken, (first, second, third) = _full_meeting_with_waitlist(open_meeting, waiting=3)
    now = timezone.now()
    registration_cancel(registration_id=taken.pk, actor=taken.user, now=now)
    later = WaitlistEntry.objects.get(user=first).offer_expires_at + timedelta(minutes=1)

    assert waitlist_expire_offers(now=later) == 1

    statuses = dict(WaitlistEntry.objects.values_list("user__email", "status"))
    assert statuses == {
        first.email: WaitlistEntry.Status.EXPIRED,
        second.email: WaitlistEntry.Status.OFFERED,
        third.email: WaitlistEntry.Status.WAITING,
    }
    assert (_offer_emails(first), _offer_emails(second), _offer_emails(third)) == (1, 1, 0)
    with pytest.raises(SoldOut):
        _checkout(first, open_meeting, now=later)()
    assert _checkout(second, open_meeting, now=later)().status == Status.PENDING
    assert waitlist_expire_offers(now=later) == 0


@pytest.mark.django_db(transaction=True)
def test_a_place_freed_during_a_rush_goes_to_the_waitlist_not_the_quickest_buyer(open_meeting):
    taken, (waiter,) = _full_meeting_with_waitlist(open_meeting, waiting=1)
    rush = _people(10, prefix="rush")

    def cancel():
        return registration_cancel(registration_id=taken.pk, actor=taken.user)

    outcomes = race([cancel, *(_checkout(buyer, open_meeting) for buyer in rush)])

    assert isinstance(outcomes[0], Registration)
    registrations, sold_out, others = _split(outcomes[1:])
    assert others == [] and registrations == [] and len(sold_out) == 10
    assert WaitlistEntry.objects.get(user=waiter).status == WaitlistEntry.Status.OFFERED
    assert _holding(open_meeting).count() == 0
    assert _checkout(waiter, open_meeting)().status == Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_cancelling_five_times_at_once_cancels_once_and_offers_one_place(open_meeting):
    taken, (first, second) = _full_meeting_with_waitlist(open_meeting, waiting=2)

    outcomes = race(
        [lambda: registration_cancel(registration_id=taken.pk, actor=taken.user) for _ in range(5)]
    )

    done = [o for o in outcomes if isinstance(o, Registration)]
    refused = [o for o in outcomes if not isinstance(o, Registration)]
    assert len(done) == 1 and len(refused) == 4
    assert all(type(exc) is RegistrationError for exc in refused)
    assert {str(exc) for exc in refused} == {"This registration is already cancelled."}
    assert (
        OutboundEmail.objects.filter(template="meetings/email/registration_cancelled").count() == 1
    )
    statuses = dict(WaitlistEntry.objects.values_list("user__email", "status"))
    assert statuses == {
        first.email: WaitlistEntry.Status.OFFERED,
        second.email: WaitlistEntry.Status.WAITING,
    }
    assert (_offer_emails(first), _offer_emails(second)) == (1, 0)


@pytest.mark.django_db(transaction=True)
def test_two_beat_workers_expiring_the_same_offer_pass_it_on_once(open_meeting):
    taken, (first, second, third) = _full_meeting_with_waitlist(open_meeting, waiting=3)
    registration_cancel(registration_id=taken.pk, actor=taken.user)
    later = WaitlistEntry.objects.get(user=first).offer_expires_at + timedelta(minutes=1)

    outcomes = race([lambda: waitlist_expire_offers(now=later) for _ in range(4)])

    assert sorted(outcomes) == [0, 0, 0, 1]
    statuses = dict(WaitlistEntry.objects.values_list("user__email", "status"))
    assert statuses == {
        first.email: WaitlistEntry.Status.EXPIRED,
        second.email: WaitlistEntry.Status.OFFERED,
        third.email: WaitlistEntry.Status.WAITING,
    }
    assert (_offer_emails(second), _offer_emails(third)) == (1, 0)


# --- Payment arriving at the last moment -------------------------------------------------------


def _hold_charged_at_stripe(meeting):
    """A hold whose card Stripe has charged, while the site has not heard yet (the webhook is
    on its way)."""
    buyer = _people(1)[0]
    held = _checkout(buyer, meeting)()
    checkout = payment_services.payment_checkout(payment_id=held.payment_id)
    payment = Payment.objects.get(pk=held.payment_id)
    assert pay_in_browser(checkout)["status"] == "succeeded"
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PENDING
    return held


def _backends_waiting_for_a_lock() -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _wait_until_waiting(count: int) -> None:
    deadline = time.monotonic() + 30
    while _backends_waiting_for_a_lock() < count:
        assert time.monotonic() < deadline, f"expected {count} sessions waiting for a lock"
        time.sleep(0.02)


@pytest.mark.django_db(transaction=True)
def test_the_webhook_and_the_hold_release_beat_meeting_on_one_payment_do_not_deadlock(
    open_meeting,
):
    """The card is charged in the last second of the hold. The webhook confirms the payment
    while the beat, one minute later, releases expired holds and finds this one paid."""
    held = _hold_charged_at_stripe(open_meeting)
    later = held.hold_expires_at + timedelta(minutes=1)
    now = timezone.now()
    for year in {now.year, later.year}:
        ReceiptCounter.objects.get_or_create(year=year)
    gate_closed, gate_open, errors = threading.Event(), threading.Event(), []

    # The gate: a third session holds the receipt counter, which the webhook takes after the
    # payment row and before the meeting row, so both workers are provably inside their first
    # lock when the gate opens.
    def gate() -> None:
        try:
            with transaction.atomic():
                list(ReceiptCounter.objects.select_for_update())
                gate_closed.set()
                gate_open.wait(THREAD_TIMEOUT)
        finally:
            connection.close()

    def worker(call):
        def run() -> None:
            try:
                call()
            except Exception as exc:  # the test reports every error
                errors.append(exc)
            finally:
                connection.close()

        return threading.Thread(target=run)

    webhook = worker(lambda: payment_services.payment_sync(payment_id=held.payment_id))
    beat = worker(lambda: holds_release_expired(now=later))
    gatekeeper = threading.Thread(target=gate)
    gatekeeper.start()
    try:
        assert gate_closed.wait(THREAD_TIMEOUT)
        webhook.start()
        _wait_until_waiting(1)  # the webhook holds the payment, waits at the gate
        beat.start()
        _wait_until_waiting(2)  # the beat, holding no lock, waits for the payment
    finally:
        gate_open.set()
        for thread in (gatekeeper, webhook, beat):
            if thread.ident is not None:  # started
                thread.join(THREAD_TIMEOUT)
    assert not any(thread.is_alive() for thread in (gatekeeper, webhook, beat)), "a thread hung"

    held.refresh_from_db()
    assert errors == []
    assert held.status == Status.CONFIRMED
    assert Payment.objects.get(pk=held.payment_id).status == Payment.Status.PAID


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("minutes_later", "promo_code"),
    [(1, ""), (-5, "TENOFF")],
    ids=["the-same-form-after-the-hold-expired", "a-changed-choice-within-the-hold"],
)
def test_submitting_again_after_paying_at_the_last_moment_keeps_the_paid_place(
    open_meeting, minutes_later, promo_code
):
    """The card is charged, the webhook is still on its way, and the person sends the
    registration form again (a reload after the hold ran out, or another tab with a code)."""
    PromoCodeFactory(meeting=open_meeting, code="TENOFF", percent_off=10, max_uses=10)
    held = _hold_charged_at_stripe(open_meeting)
    when = held.hold_expires_at + timedelta(minutes=minutes_later)

    with contextlib.suppress(RegistrationError):  # "You are already registered" would do too
        _checkout(held.user, open_meeting, promo_code=promo_code, now=when)()

    payment = Payment.objects.get(pk=held.payment_id)
    assert payment.status != Payment.Status.CANCELLED, "the card was charged, the payment cancelled"
    payment_services.payment_sync(payment_id=payment.pk)  # the webhook arrives
    held.refresh_from_db()
    assert held.status == Status.CONFIRMED
    assert Payment.objects.filter(payer=held.user).count() == 1


# --- Nobody waits for Stripe -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_second_buyer_checks_out_while_a_refund_is_in_flight_at_stripe(open_meeting, settings):
    """Stripe is slow to refund a cancelled registration. The cancellation is recorded and
    committed before Stripe is called, so another buyer's checkout of the same meeting (the
    place and the card form) completes while the refund is still on its way."""
    paid = _hold_charged_at_stripe(open_meeting)
    payment_services.payment_sync(payment_id=paid.payment_id)
    paid.refresh_from_db()
    assert paid.status == Status.CONFIRMED
    buyer = _people(1, prefix="second")[0]
    outcomes: dict = {}

    def cancel() -> None:
        try:
            outcomes["cancel"] = registration_cancel(registration_id=paid.pk, actor=paid.user)
        except Exception as exc:  # the test reports every error
            outcomes["cancel"] = exc
        finally:
            connection.close()

    def second_buyer():
        held = _checkout(buyer, open_meeting)()
        checkout = payment_services.payment_checkout(payment_id=held.payment_id)
        return held, checkout, slow.answered.is_set()

    with SlowStripe(settings.STRIPE["api_base"]) as slow:
        settings.STRIPE = {**settings.STRIPE, "api_base": slow.url}
        canceller = threading.Thread(target=cancel)
        canceller.start()
        try:
            assert slow.arrived.wait(THREAD_TIMEOUT), "the refund never reached Stripe"
            # The refund is held at Stripe now. The cancellation is already visible.
            assert Registration.objects.get(pk=paid.pk).status == Status.CANCELLED
            (second,) = race([second_buyer])
        finally:
            slow.release()
            canceller.join(THREAD_TIMEOUT)
    assert not canceller.is_alive(), "the cancellation hung"

    assert not isinstance(second, Exception), second
    held, checkout, refund_back_already = second
    assert not refund_back_already, "the second buyer waited for the refund"
    assert held.status == Status.PENDING and checkout.intent_client_secret
    cancelled = outcomes["cancel"]
    assert isinstance(cancelled, Registration), cancelled
    assert cancelled.refunded_amount == 75000
    payment = Payment.objects.get(pk=paid.payment_id)
    assert (payment.status, payment.amount_refunded) == (Payment.Status.REFUNDED, 75000)


@pytest.mark.django_db(transaction=True)
def test_a_second_buyer_checks_out_while_an_expired_hold_s_card_is_cancelled_at_stripe(
    open_meeting, settings
):
    """The beat releases an expired hold whose card form was opened: its PaymentIntent is
    cancelled at a slow Stripe first, with no lock held, so another buyer's checkout of the
    same meeting completes meanwhile; the place goes back once Stripe has answered."""
    buyer, second = _people(2, prefix="hold")
    held = _checkout(buyer, open_meeting)()
    payment_services.payment_checkout(payment_id=held.payment_id)  # the intent exists now
    later = held.hold_expires_at + timedelta(minutes=1)
    outcomes: dict = {}

    def beat() -> None:
        try:
            outcomes["released"] = holds_release_expired(now=later)
        except Exception as exc:  # the test reports every error
            outcomes["released"] = exc
        finally:
            connection.close()

    def second_buyer():
        taken = _checkout(second, open_meeting, now=later)()
        return taken, slow.answered.is_set()

    with SlowStripe(settings.STRIPE["api_base"], hold=INTENT_CANCELS) as slow:
        settings.STRIPE = {**settings.STRIPE, "api_base": slow.url}
        worker = threading.Thread(target=beat)
        worker.start()
        try:
            assert slow.arrived.wait(THREAD_TIMEOUT), "the intent was never cancelled at Stripe"
            (outcome,) = race([second_buyer])
        finally:
            slow.release()
            worker.join(THREAD_TIMEOUT)
    assert not worker.is_alive(), "the beat hung"

    assert not isinstance(outcome, Exception), outcome
    taken, cancel_back_already = outcome
    assert not cancel_back_already, "the second buyer waited for Stripe"
    assert taken.status == Status.PENDING
    assert outcomes["released"] == 1
    held.refresh_from_db()
    assert held.status == Status.CANCELLED
    assert Payment.objects.get(pk=held.payment_id).status == Payment.Status.CANCELLED
