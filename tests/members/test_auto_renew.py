"""Automatic renewal against localstripe: charged once before the end, retried on failure,
never extended unpaid."""

from datetime import UTC, date, datetime, timedelta

import pytest

from icis.mail.models import OutboundEmail
from icis.payments import services as payment_services
from icis.payments.models import Payment, SavedCard
from members.autorenew import attempt_days, autorenew_disable, autorenew_enable, autorenewals_run
from members.dates import term_end
from members.models import Membership, RenewalCharge
from members.selectors import membership_standing
from tests.factories import UserFactory, member_with_term
from tests.payments.stripe_browser import DECLINED_AT_CHARGE, GOOD_CARD, collect_card

pytestmark = pytest.mark.django_db
END = date(2027, 3, 31)
CHARGE_DAY = END - timedelta(days=7)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, tzinfo=UTC)


@pytest.fixture
def member(membership_types):
    term = member_with_term(
        ends_on=END,
        membership_type=membership_types["regular"],
        user=UserFactory(first_name="Grace"),
        country="US",
    )
    return term.user


def _save_card(user, number):
    checkout = payment_services.card_setup(user=user)
    autorenew_enable(
        user=user, setup_id=checkout.setup_id, payment_method=collect_card(checkout, number)
    )


def test_nothing_is_charged_before_the_charge_day(member):
    _save_card(member, GOOD_CARD)
    report = autorenewals_run(now=at(CHARGE_DAY - timedelta(days=1)))
    assert report.paid == [] and not RenewalCharge.objects.exists()


def test_the_saved_card_is_charged_once_and_the_term_continues_from_the_end(member):
    _save_card(member, GOOD_CARD)

    for _ in range(3):
        autorenewals_run(now=at(CHARGE_DAY))

    charge = RenewalCharge.objects.get()
    assert (charge.attempt, charge.outcome) == (0, "paid")
    assert Payment.objects.filter(payer=member, status="paid").count() == 1
    renewal = Membership.objects.confirmed().get(user=member, source="renew")
    assert (renewal.start_date, renewal.end_date) == (
        END + timedelta(days=1),
        term_end(END + timedelta(days=1), 12),
    )
    assert (
        OutboundEmail.objects.filter(
            to_email=member.email, template="members/email/renewed"
        ).count()
        == 1
    )


def test_a_declined_card_is_retried_on_schedule_then_left_to_the_member(member):
    _save_card(member, DECLINED_AT_CHARGE)
    days = attempt_days()

    tried_on = []
    for offset in range(0, days[-1] + 5):
        before = RenewalCharge.objects.count()
        autorenewals_run(now=at(CHARGE_DAY + timedelta(days=offset)))
        if RenewalCharge.objects.count() > before:
            tried_on.append(offset)

    assert tried_on == days == [0, 3, 7]

    charges = list(RenewalCharge.objects.order_by("attempt").values_list("attempt", "outcome"))
    assert charges == [(0, "failed"), (1, "failed"), (2, "failed")]
    assert membership_standing(user=member, on=END).ends_on == END
    assert not Membership.objects.confirmed().filter(user=member, source="renew").exists()
    failures = OutboundEmail.objects.filter(
        to_email=member.email, template="members/email/autorenew_failed"
    )
    assert failures.count() == 3
    payment = Payment.objects.get(payer=member, status="pending")
    last = failures.get(dedupe_key__endswith="failed-2")
    assert f"/payments/{payment.public_id}/pay/" in last.body_text
    assert "We will try the card again" not in last.body_text
    first = failures.get(dedupe_key__endswith="failed-0")
    assert (
        f"We will try the card again on {CHARGE_DAY + timedelta(days=days[1]):%-d %B %Y}"
        in first.body_text
    )


def test_turning_automatic_renewal_off_stops_the_charge(member):
    _save_card(member, GOOD_CARD)
    autorenew_disable(user=member)

    autorenewals_run(now=at(CHARGE_DAY))

    assert not SavedCard.objects.filter(user=member).exists()
    assert not RenewalCharge.objects.exists()
    assert not Payment.objects.filter(payer=member).exists()
