"""Card payments against localstripe: the pay page, the card, the confirmation, the receipt."""

import threading

import pytest
from django.db import connection

from icis.mail.models import OutboundEmail
from icis.payments import services, stripe_gateway
from icis.payments.exceptions import PaymentError
from icis.payments.models import Payment, ReceiptCounter
from members.models import Membership
from tests.factories import MemberProfileFactory
from tests.payments.stripe_browser import (
    DECLINED_AT_CHARGE,
    DECLINED_AT_ENTRY,
    THREE_D_SECURE,
    intents_for_payment,
    paid_by_card,
    pay_in_browser,
)

pytestmark = pytest.mark.django_db


def test_reloading_the_pay_page_reuses_one_payment_intent(trainee_payment):
    for _ in range(3):
        services.payment_checkout(payment_id=trainee_payment.pk)

    trainee_payment.refresh_from_db()
    intents = intents_for_payment(trainee_payment)
    assert [intent["id"] for intent in intents] == [trainee_payment.provider_reference]
    assert intents[0]["amount"] == 5000 and intents[0]["currency"] == "usd"


def test_a_good_card_pays_activates_the_membership_and_emails_a_receipt(trainee_payment, postdoc):
    payment = paid_by_card(trainee_payment)

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


def test_a_declined_card_leaves_the_payment_pending_and_retryable_on_the_same_intent(
    trainee_payment, postdoc
):
    checkout = services.payment_checkout(payment_id=trainee_payment.pk)
    with pytest.raises(ValueError, match="Your card was declined"):
        pay_in_browser(checkout, DECLINED_AT_CHARGE)
    services.payment_sync(payment_id=trainee_payment.pk)  # the return page, had they gone back

    payment = Payment.objects.get(pk=trainee_payment.pk)
    assert payment.status == Payment.Status.PENDING
    assert payment.last_error == "Your card was declined."
    assert not Membership.objects.confirmed().filter(user=postdoc).exists()

    payment = paid_by_card(trainee_payment)
    assert payment.status == Payment.Status.PAID and payment.last_error == ""
    assert len(intents_for_payment(payment)) == 1


def test_a_card_refused_when_entered_never_charges(trainee_payment):
    checkout = services.payment_checkout(payment_id=trainee_payment.pk)
    with pytest.raises(ValueError, match="Your card was declined"):
        pay_in_browser(checkout, DECLINED_AT_ENTRY)
    services.payment_sync(payment_id=trainee_payment.pk)
    assert Payment.objects.get(pk=trainee_payment.pk).status == Payment.Status.PENDING


def test_a_failed_3d_secure_leaves_the_payment_pending_then_a_second_try_pays(trainee_payment):
    checkout = services.payment_checkout(payment_id=trainee_payment.pk)
    with pytest.raises(ValueError, match="failed authentication"):
        pay_in_browser(checkout, THREE_D_SECURE, authenticate=False)
    assert services.payment_sync(payment_id=trainee_payment.pk).status == Payment.Status.PENDING

    pay_in_browser(checkout, THREE_D_SECURE, authenticate=True)
    assert services.payment_sync(payment_id=trainee_payment.pk).status == Payment.Status.PAID


def test_an_intent_for_another_payment_is_refused(trainee_payment):
    services.payment_checkout(payment_id=trainee_payment.pk)
    trainee_payment.refresh_from_db()
    intent = stripe_gateway.payment_intent_retrieve(trainee_payment.provider_reference)
    foreign = stripe_gateway.Intent(**{**intent.__dict__, "status": "succeeded", "id": "pi_x"})

    with pytest.raises(PaymentError, match="not this payment's"):
        services.payment_confirm(payment_id=trainee_payment.pk, intent=foreign)
    assert Payment.objects.get(pk=trainee_payment.pk).status == Payment.Status.PENDING


def test_confirming_twice_changes_nothing(trainee_payment, postdoc):
    paid_by_card(trainee_payment)
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
    assert pay_in_browser(checkout)["status"] == "succeeded"
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
    from members.models import CareerStage
    from members.services import membership_checkout
    from tests.factories import UserFactory

    payments = []
    for _ in range(8):
        user = UserFactory()
        MemberProfileFactory(
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


def test_after_a_failed_3d_secure_check_the_pages_say_so_once(client, trainee_payment, postdoc):
    checkout = services.payment_checkout(payment_id=trainee_payment.pk)
    with pytest.raises(ValueError):
        pay_in_browser(checkout, THREE_D_SECURE, authenticate=False)
    client.force_login(postdoc)

    page = client.get(f"/payments/{trainee_payment.public_id}/return/", follow=True)

    assert page.status_code == 200
    assert page.content.decode().count("The provided PaymentMethod has failed authentication") == 1
    assert 'id="card-form"' in page.content.decode()


def test_without_javascript_the_pay_page_says_how_to_reach_the_office(
    client, trainee_payment, postdoc, settings
):
    settings.SOCIETY_OFFICE_EMAIL = "office@example.org"
    client.force_login(postdoc)

    html = client.get(trainee_payment.get_pay_url()).content.decode()

    noscript = html.split("<noscript>")[1].split("</noscript>")[0]
    assert '<a href="mailto:office@example.org">office@example.org</a>' in noscript
