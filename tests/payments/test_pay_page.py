"""The pay page shows the payment and the card form without asking Stripe anything; the
payment's PaymentIntent is made only when the payer presses Pay (the card form's script posts
to the intent address), and that address answers every refusal with a sentence."""

import pytest
from django.conf import settings

from icis.payments import services
from icis.payments.models import Payment, StripeCustomer
from tests.factories import UserFactory
from tests.payments.stripe_browser import intents_for_payment, pay_in_browser
from tests.payments.stripe_calls import Writes, stripe_calls, stripe_unreachable  # noqa: F401

pytestmark = pytest.mark.django_db


def _intent_url(payment) -> str:
    return f"/payments/{payment.public_id}/intent/"


def test_opening_the_pay_page_asks_stripe_nothing_and_writes_nothing(
    client,
    trainee_payment,
    postdoc,
    stripe_calls,  # noqa: F811
):
    client.force_login(postdoc)

    with Writes() as writes:
        for _ in range(3):
            page = client.get(trainee_payment.get_pay_url())

    html = page.content.decode()
    assert page.status_code == 200
    assert "Pay $50.00" in html and 'id="card-form"' in html
    assert "Keep this card and renew automatically" in html
    assert "_secret_" not in html  # no PaymentIntent behind the page yet
    assert stripe_calls == []
    assert writes.statements == []
    trainee_payment.refresh_from_db()
    assert trainee_payment.provider_reference == ""
    assert intents_for_payment(trainee_payment) == []
    assert not StripeCustomer.objects.exists()


def test_pressing_pay_makes_the_one_intent_and_the_card_pays_it(client, trainee_payment, postdoc):
    client.force_login(postdoc)
    client.get(trainee_payment.get_pay_url())

    answers = [client.post(_intent_url(trainee_payment)) for _ in range(2)]

    assert [answer.status_code for answer in answers] == [200, 200]
    first, second = (answer.json() for answer in answers)
    assert first["status"] == "ok" and first["card_saving"] is True
    assert first["client_secret"] == second["client_secret"]  # pressed twice: one intent
    trainee_payment.refresh_from_db()
    assert [i["id"] for i in intents_for_payment(trainee_payment)] == [
        trainee_payment.provider_reference
    ]
    checkout = services.Checkout(
        publishable_key=settings.STRIPE["publishable_key"],
        js_url=settings.STRIPE["js_url"],
        intent_client_secret=first["client_secret"],
    )
    pay_in_browser(checkout)
    back = client.get(f"/payments/{trainee_payment.public_id}/return/")
    assert back.status_code == 302
    assert Payment.objects.get(pk=trainee_payment.pk).status == Payment.Status.PAID


@pytest.mark.parametrize(
    ("status", "sentence"),
    [
        (Payment.Status.PAID, "This payment has already been made."),
        (Payment.Status.CANCELLED, "This payment was cancelled. Please start again."),
    ],
)
def test_pressing_pay_on_a_payment_no_longer_due_answers_a_sentence(
    client,
    trainee_payment,
    postdoc,
    stripe_calls,  # noqa: F811
    status,
    sentence,
):
    client.force_login(postdoc)
    Payment.objects.filter(pk=trainee_payment.pk).update(status=status)

    answer = client.post(_intent_url(trainee_payment))

    assert answer.status_code == 409
    assert answer.json() == {"status": "error", "message": sentence}
    assert stripe_calls == []


def test_someone_else_s_payment_cannot_be_paid_from_the_intent_address(
    client,
    trainee_payment,
    stripe_calls,  # noqa: F811
):
    client.force_login(UserFactory())

    answer = client.post(_intent_url(trainee_payment))

    assert answer.status_code == 404
    assert answer.json() == {"status": "error", "message": "There is no payment at this address."}
    assert stripe_calls == []
    assert Payment.objects.get(pk=trainee_payment.pk).provider_reference == ""


def test_the_intent_address_answers_a_sentence_to_a_get_and_to_a_signed_out_visitor(
    client, trainee_payment, postdoc
):
    signed_out = client.post(_intent_url(trainee_payment))
    client.force_login(postdoc)
    opened = client.get(_intent_url(trainee_payment))

    assert (signed_out.status_code, opened.status_code) == (403, 405)
    assert signed_out.json()["message"] == (
        "You are no longer signed in. Please sign in again; nothing was charged."
    )
    assert opened.json()["status"] == "error" and opened.json()["message"]
    assert Payment.objects.get(pk=trainee_payment.pk).provider_reference == ""


def test_pressing_pay_while_stripe_does_not_answer_says_so_and_nothing_is_charged(
    client,
    trainee_payment,
    postdoc,
    stripe_unreachable,  # noqa: F811
):
    client.force_login(postdoc)
    assert client.get(trainee_payment.get_pay_url()).status_code == 200  # Stripe not needed

    answer = client.post(_intent_url(trainee_payment))

    assert answer.status_code == 502
    assert answer.json() == {
        "status": "error",
        "message": "The card service did not answer as expected. Nothing was charged; please "
        "try again in a few minutes.",
    }
    trainee_payment.refresh_from_db()
    assert (trainee_payment.status, trainee_payment.provider_reference) == ("pending", "")
