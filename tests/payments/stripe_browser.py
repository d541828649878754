"""What Stripe.js does in the payer's browser, done over HTTP against localstripe, so service
tests can pay without a browser: collect a card on the pay page's SetupIntent."""

import json
import urllib.error
import urllib.request

from django.conf import settings

GOOD_CARD = "4242424242424242"
DECLINED_AT_CHARGE = "4000000000000341"
DECLINED_AT_ENTRY = "4000000000000002"


def _post(path: str, body: dict) -> dict:
    request = urllib.request.Request(
        settings.STRIPE["api_base"] + path, data=json.dumps(body).encode(), method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        return json.load(error)


def collect_card(checkout, number: str = GOOD_CARD) -> str:
    """confirmCardSetup with a card typed into the card element; returns the PaymentMethod id."""
    setup = _post(
        f"/v1/setup_intents/{checkout.setup_id}/confirm",
        {
            "key": checkout.publishable_key,
            "use_stripe_sdk": True,
            "client_secret": checkout.setup_client_secret,
            "payment_method_data": {
                "type": "card",
                "card": {"number": number, "exp_month": "12", "exp_year": "2030", "cvc": "123"},
            },
        },
    )
    if "error" in setup:
        raise ValueError(setup["error"].get("message"))
    return setup["payment_method"]


def intents_for_payment(payment) -> list[dict]:
    """Every PaymentIntent localstripe holds for this payment."""
    request = urllib.request.Request(
        settings.STRIPE["api_base"] + "/v1/payment_intents?limit=100000",
        headers={"Authorization": f"Bearer {settings.STRIPE['secret_key']}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        intents = json.load(response)["data"]
    customer = payment.payer.stripe_customer.customer_id
    return [
        intent
        for intent in intents
        if intent["customer"] == customer
        and intent["metadata"].get("payment_id") == str(payment.pk)
    ]
