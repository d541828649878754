"""The parts of the Stripe fake (scripts/localstripe_server.py over localstripe) the card flow
relies on, checked against the running fake: they are test harness, and a harness that drifted
from Stripe would let the tests pass on a flow Stripe refuses."""

import json
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from tests.payments.signed import stripe_api
from tests.payments.stripe_browser import GOOD_CARD

CARD = {"number": GOOD_CARD, "exp_month": "12", "exp_year": "2030", "cvc": "123"}


def _browser_post(path: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        settings.STRIPE["api_base"] + path, data=json.dumps(body).encode(), method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_its_stripe_js_sends_the_card_with_confirm_card_payment():
    with urllib.request.urlopen(settings.STRIPE["js_url"], timeout=10) as response:
        script = response.read().decode()
    start = script.index("confirmCardPayment: async")
    body = script[start : script.index("handleCardPayment:", start)]
    assert "payment_method_data" in body and "/confirm`" in body
    assert "setup_future_usage" in body and "_authenticate" in body


@pytest.mark.parametrize("save", [False, True])
def test_the_browser_confirms_an_intent_with_the_card_and_the_publishable_key(save):
    customer = stripe_api("POST", "/v1/customers", {"email": "a@example.org"})["id"]
    intent = stripe_api(
        "POST",
        "/v1/payment_intents",
        {"amount": 1234, "currency": "eur", "customer": customer},
    )
    body = {
        "key": settings.STRIPE["publishable_key"],
        "client_secret": intent["client_secret"],
        "payment_method_data": {"type": "card", "card": CARD},
    }
    if save:
        body["setup_future_usage"] = "off_session"

    wrong = _browser_post(
        f"/v1/payment_intents/{intent['id']}/confirm", {**body, "client_secret": "x_secret_y"}
    )
    status, confirmed = _browser_post(f"/v1/payment_intents/{intent['id']}/confirm", body)

    assert wrong[0] == 401
    assert (status, confirmed["status"]) == (200, "succeeded")
    assert confirmed.get("setup_future_usage") == ("off_session" if save else None)
    method = stripe_api("GET", f"/v1/payment_methods/{confirmed['payment_method']}")
    assert method["customer"] == (customer if save else None)


def test_without_a_key_or_secret_the_confirm_is_refused():
    intent = stripe_api("POST", "/v1/payment_intents", {"amount": 100, "currency": "eur"})
    status, _ = _browser_post(
        f"/v1/payment_intents/{intent['id']}/confirm",
        {"payment_method_data": {"type": "card", "card": CARD}},
    )
    assert status == 401
