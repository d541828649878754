"""Membership standing from dates, joining and renewing, and the races that must not double
charge."""

import threading
from datetime import UTC, date, datetime

import pytest
from django.db import connection

from icis.payments import services as payment_services
from icis.payments.models import Payment
from members.dates import add_months, term_end
from members.exceptions import MembershipError
from members.models import Membership
from members.selectors import membership_standing
from members.services import membership_checkout, membership_extend, membership_grant
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _pay(payment, day: date):
    payment_services.payment_record_manual(
        payment_id=payment.pk, method="bank_transfer", reference="", actor=None, now=at(day)
    )


def test_month_arithmetic_keeps_terms_whole():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert term_end(date(2026, 3, 1), 12) == date(2027, 2, 28)
    assert term_end(date(2026, 3, 1), 36) == date(2029, 2, 28)
    assert term_end(date(2026, 3, 1), None) is None


def test_status_runs_active_grace_lapsed_by_the_dates(postdoc, membership_types, settings):
    settings.MEMBERSHIP_GRACE_DAYS = 30
    _pay(
        membership_checkout(
            user=postdoc, membership_type=membership_types["trainee"], now=at(date(2026, 1, 10))
        ),
        date(2026, 1, 10),
    )

    def status(day):
        return membership_standing(user=postdoc, on=day).status

    assert status(date(2026, 1, 9)) == "none"
    assert status(date(2026, 1, 10)) == "active"
    assert status(date(2027, 1, 9)) == "active"
    assert status(date(2027, 1, 10)) == "grace"
    assert status(date(2027, 2, 8)) == "grace"
    assert status(date(2027, 2, 9)) == "lapsed"


@pytest.mark.parametrize(
    ("renewed_on", "starts"),
    [
        (date(2026, 12, 1), date(2027, 1, 10)),  # active: continues from the end
        (date(2027, 1, 25), date(2027, 1, 10)),  # in grace: still continues, no gap
        (date(2027, 6, 1), date(2027, 6, 1)),  # lapsed: starts the day it is paid
    ],
)
def test_renewing_continues_from_the_end_or_starts_today(
    postdoc, membership_types, renewed_on, starts
):
    trainee = membership_types["trainee"]
    _pay(
        membership_checkout(user=postdoc, membership_type=trainee, now=at(date(2026, 1, 10))),
        date(2026, 1, 10),
    )

    payment = membership_checkout(user=postdoc, membership_type=trainee, now=at(renewed_on))
    _pay(payment, renewed_on)

    renewal = Membership.objects.get(payment=payment)
    assert renewal.source == "renew"
    assert (renewal.start_date, renewal.end_date) == (starts, term_end(starts, 12))


def test_renewing_too_early_is_refused_with_the_date_it_opens(postdoc, membership_types):
    trainee = membership_types["trainee"]
    _pay(
        membership_checkout(user=postdoc, membership_type=trainee, now=at(date(2026, 1, 10))),
        date(2026, 1, 10),
    )

    with pytest.raises(
        MembershipError, match="Renewal opens 90 days before that, on 11 October 2026"
    ):
        membership_checkout(user=postdoc, membership_type=trainee, now=at(date(2026, 6, 1)))


def test_opening_checkout_twice_gives_the_same_payment_and_another_type_replaces_it(
    postdoc, membership_types
):
    first = membership_checkout(user=postdoc, membership_type=membership_types["trainee"])
    again = membership_checkout(user=postdoc, membership_type=membership_types["trainee"])
    other = membership_checkout(user=postdoc, membership_type=membership_types["regular"])

    assert first.pk == again.pk
    first.refresh_from_db()
    assert first.status == Payment.Status.CANCELLED
    assert Membership.objects.pending().get(user=postdoc).payment == other


def test_a_type_for_other_career_stages_is_refused(postdoc, membership_types):
    with pytest.raises(MembershipError, match=r"Emeritus: Only for retired or emeritus\."):
        membership_checkout(user=postdoc, membership_type=membership_types["emeritus"])
    with pytest.raises(MembershipError, match="not offered online"):
        membership_checkout(user=postdoc, membership_type=membership_types["honorary-lifetime"])
    assert not Payment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_renewals_racing_make_one_pending_payment(postdoc, membership_types):
    results, errors = [], []

    def renew():
        try:
            results.append(
                membership_checkout(user=postdoc, membership_type=membership_types["trainee"]).pk
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=renew) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(results)) == 1
    assert Payment.objects.count() == 1
    assert Membership.objects.pending().filter(user=postdoc).count() == 1


def test_staff_grant_a_lifetime_membership_and_extend_a_term(postdoc, membership_types, staff_user):
    lifetime = membership_grant(
        user=postdoc,
        membership_type=membership_types["honorary-lifetime"],
        actor=staff_user,
        note="Council decision",
    )
    assert membership_standing(user=postdoc, on=date(2090, 1, 1)).status == "active"
    with pytest.raises(MembershipError, match="nothing to renew"):
        membership_checkout(user=postdoc, membership_type=membership_types["regular"])
    with pytest.raises(MembershipError, match="with an end date"):
        membership_extend(membership_id=lifetime.pk, months=12, actor=staff_user)


def test_extending_moves_the_end_date(postdoc, membership_types, staff_user):
    term = membership_grant(
        user=postdoc,
        membership_type=membership_types["regular"],
        actor=staff_user,
        now=at(date(2026, 3, 1)),
    )
    assert term.end_date == date(2027, 2, 28)
    assert membership_extend(membership_id=term.pk, months=6, actor=staff_user).end_date == date(
        2027, 8, 31
    )


def test_in_grace_even_when_a_renewal_starts_later(postdoc, membership_types, staff_user):
    regular = membership_types["regular"]
    MembershipFactory(
        user=postdoc,
        membership_type=regular,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )
    MembershipFactory(
        user=postdoc,
        membership_type=regular,
        start_date=date(2027, 2, 1),
        end_date=date(2028, 1, 31),
    )
    assert membership_standing(user=postdoc, on=date(2027, 1, 15)).status == "grace"
    assert membership_standing(user=postdoc, on=date(2027, 2, 15)).status == "active"
    assert membership_standing(user=postdoc, on=date(2025, 6, 1)).status == "none"
