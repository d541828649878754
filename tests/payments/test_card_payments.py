"""Card payments against localstripe: the pay page, the card, the confirmation, the receipt."""

import threading

import pytest
from django.core import mail  # noqa: F401 - the outbox is checked through OutboundEmail
from django.db import connection

from icis.mail.models import OutboundEmail
from icis.payments import services, stripe_gateway
from icis.payments.exceptions import PaymentError
from icis.payments.models import Payment, ReceiptCounter
from members.models import Membership
from tests.payments.stripe_browser import (
    DECLINED_AT_CHARGE,
    DECLINED_AT_ENTRY,
    collect_card,
    intents_for_payment,
)

pytestmark = pytest.mark.django_db


def _pay(payment, card=None):
    checkout = services.payment_checkout(payment_id=payment.pk)
    payment_method = collect_card(checkout, *([card] if card else []))
    return services.payment_charge_card(
        payment_id=payment.pk, setup_id=checkout.setup_id, payment_method=payment_method
    )


def test_reloading_the_pay_page_reuses_one_payment_intent(trainee_payment):
    for _ in range(3):
        services.payment_checkout(payment_id=trainee_payment.pk)

    trainee_payment.refresh_from_db()
    intents = intents_for_payment(trainee_payment)
    assert [intent["id"] for intent in intents] == [trainee_payment.provider_reference]
    assert intents[0]["amount"] == 5000 and intents[0]["currency"] == "usd"


def test_a_good_card_pays_activates_the_membership_and_emails_a_receipt(trainee_payment, postdoc):
    result = _pay(trainee_payment)

    assert result.status == "succeeded"
    payment = Payment.objects.get(pk=trainee_payment.pk)
    assert payment.status == Payment.Status.PAID
    assert payment.receipt_number.startswith("ICIS-")
    term = Membership.objects.get(user=postdoc)
    assert term.is_confirmed and term.payment == payment
    assert term.end_date is not None
    subjects = sorted(
        OutboundEmail.objects.filter(to_email=postdoc.email).values_list("subject", flat=True)
    )
    assert subjects == [
        f"[ICIS] Payment received: receipt {payment.receipt_number}",
        "[ICIS] Welcome to the International Cytokine & Interferon Society",
    ]


def test_a_declined_card_leaves_the_payment_pending_and_retryable(trainee_payment, postdoc):
    result = _pay(trainee_payment, DECLINED_AT_CHARGE)

    assert result.status == "declined"
    assert result.message == "Your card was declined."
    payment = Payment.objects.get(pk=trainee_payment.pk)
    assert payment.status == Payment.Status.PENDING
    assert payment.last_error == "Your card was declined."
    assert not Membership.objects.confirmed().filter(user=postdoc).exists()

    assert _pay(trainee_payment).status == "succeeded"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID and payment.last_error == ""


def test_a_card_refused_when_entered_never_reaches_the_payment(trainee_payment):
    checkout = services.payment_checkout(payment_id=trainee_payment.pk)
    with pytest.raises(ValueError, match="Your card was declined"):
        collect_card(checkout, DECLINED_AT_ENTRY)
    assert Payment.objects.get(pk=trainee_payment.pk).status == Payment.Status.PENDING


def test_a_card_collected_for_someone_else_is_refused(trainee_payment, membership_types):
    from members.models import CareerStage, MemberProfile
    from members.services import membership_checkout
    from tests.factories import UserFactory

    other = UserFactory()
    MemberProfile.objects.create(
        user=other, institution="X", country="FR", career_stage=CareerStage.SENIOR
    )
    other_payment = membership_checkout(user=other, membership_type=membership_types["regular"])
    other_checkout = services.payment_checkout(payment_id=other_payment.pk)
    others_card = collect_card(other_checkout)
    services.payment_checkout(payment_id=trainee_payment.pk)

    with pytest.raises(PaymentError, match="could not be used"):
        services.payment_charge_card(
            payment_id=trainee_payment.pk,
            setup_id=other_checkout.setup_id,
            payment_method=others_card,
        )
    assert Payment.objects.get(pk=trainee_payment.pk).status == Payment.Status.PENDING


def test_an_intent_that_does_not_match_the_payment_is_refused(trainee_payment):
    services.payment_checkout(payment_id=trainee_payment.pk)
    trainee_payment.refresh_from_db()
    intent = stripe_gateway.payment_intent_retrieve(trainee_payment.provider_reference)
    cheaper = stripe_gateway.Intent(**{**intent.__dict__, "status": "succeeded", "amount": 100})

    with pytest.raises(PaymentError, match="does not match"):
        services.payment_confirm(payment_id=trainee_payment.pk, intent=cheaper)
    assert Payment.objects.get(pk=trainee_payment.pk).status == Payment.Status.PENDING


def test_confirming_twice_changes_nothing(trainee_payment, postdoc):
    _pay(trainee_payment)
    before = OutboundEmail.objects.count()

    for _ in range(3):
        services.payment_sync(payment_id=trainee_payment.pk)

    assert OutboundEmail.objects.count() == before
    assert Membership.objects.confirmed().filter(user=postdoc).count() == 1
    assert ReceiptCounter.objects.get().last_sequence == 1


@pytest.mark.django_db(transaction=True)
def test_threads_confirming_the_same_payment_make_one_term_and_one_receipt(
    trainee_payment, postdoc
):
    # The card is charged at Stripe, but the site has not heard yet: the return page, the
    # webhook and a retried webhook all arrive at once.
    checkout = services.payment_checkout(payment_id=trainee_payment.pk)
    trainee_payment.refresh_from_db()
    intent = stripe_gateway.payment_intent_charge(
        intent_id=trainee_payment.provider_reference, payment_method=collect_card(checkout)
    )
    assert intent.status == "succeeded"
    errors = []

    def confirm():
        try:
            services.payment_sync(payment_id=trainee_payment.pk)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    payment = Payment.objects.get(pk=trainee_payment.pk)
    assert payment.status == Payment.Status.PAID
    assert Payment.objects.exclude(receipt_sequence=None).count() == 1
    assert Membership.objects.confirmed().filter(user=postdoc).count() == 1
    assert OutboundEmail.objects.filter(template="payments/email/payment_received").count() == 1


@pytest.mark.django_db(transaction=True)
def test_receipt_numbers_run_without_gaps_or_duplicates_under_concurrent_payments(membership_types):
    from members.models import CareerStage, MemberProfile
    from members.services import membership_checkout
    from tests.factories import UserFactory

    payments = []
    for _ in range(8):
        user = UserFactory()
        MemberProfile.objects.create(
            user=user, institution="X", country="US", career_stage=CareerStage.SENIOR
        )
        payment = membership_checkout(user=user, membership_type=membership_types["regular"])
        services.payment_checkout(payment_id=payment.pk)
        payment.refresh_from_db()
        payments.append(payment)

    def pay_manually(payment):
        try:
            services.payment_record_manual(
                payment_id=payment.pk, method="bank_transfer", reference="", actor=None
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=pay_manually, args=(payment,)) for payment in payments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    sequences = sorted(Payment.objects.values_list("receipt_sequence", flat=True))
    assert sequences == list(range(1, 9))
