"""What Stripe.js does in the payer's browser, done over HTTP against localstripe (with the
publishable key and the client secret, as the browser does), so service tests can pay without
a browser: confirm the pay page's PaymentIntent with a card (`confirmCardPayment`), or collect
a card on a SetupIntent (`confirmCardSetup`, the saved-card form)."""

import json
import urllib.error
import urllib.request

from django.conf import settings

GOOD_CARD = "4242424242424242"
DECLINED_AT_CHARGE = "4000000000000341"
DECLINED_AT_ENTRY = "4000000000000002"
THREE_D_SECURE = "4000002500003155"


def _post(path: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        settings.STRIPE["api_base"] + path, data=json.dumps(body).encode(), method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def _card(number: str) -> dict:
    return {
        "type": "card",
        "card": {"number": number, "exp_month": "12", "exp_year": "2030", "cvc": "123"},
    }


def pay_in_browser(
    checkout, number: str = GOOD_CARD, *, save_card: bool = False, authenticate: bool = True
) -> dict:
    """confirmCardPayment with a card typed into the card element (and the 3-D Secure box
    answered with `authenticate`); returns the PaymentIntent, or raises ValueError with the
    message the payer would see."""
    intent_id = checkout.intent_client_secret.split("_secret_")[0]
    body = {
        "key": checkout.publishable_key,
        "use_stripe_sdk": True,
        "client_secret": checkout.intent_client_secret,
        "payment_method_data": _card(number),
    }
    if save_card:
        body["setup_future_usage"] = "off_session"
    status, intent = _post(f"/v1/payment_intents/{intent_id}/confirm", body)
    if status != 200:
        raise ValueError(intent["error"].get("message"))
    if intent["status"] == "requires_action":
        status, intent = _post(
            f"/v1/payment_intents/{intent_id}/_authenticate?success={str(authenticate).lower()}",
            {"key": checkout.publishable_key, "client_secret": checkout.intent_client_secret},
        )
    if intent["status"] not in ("succeeded", "processing"):
        raise ValueError((intent.get("last_payment_error") or {}).get("message"))
    return intent


def collect_card(checkout, number: str = GOOD_CARD) -> str:
    """confirmCardSetup with a card typed into the card element; returns the PaymentMethod id."""
    _, setup = _post(
        f"/v1/setup_intents/{checkout.setup_id}/confirm",
        {
            "key": checkout.publishable_key,
            "use_stripe_sdk": True,
            "client_secret": checkout.setup_client_secret,
            "payment_method_data": _card(number),
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
    # Listing reads every intent the fake holds: allow for a long-running store.
    with urllib.request.urlopen(request, timeout=60) as response:
        intents = json.load(response)["data"]
    # Payment ids start again with each test database: only intents made since this payment.
    since = int(payment.created_at.timestamp()) - 1
    return [
        intent
        for intent in intents
        if intent["metadata"].get("payment_id") == str(payment.pk) and intent["created"] >= since
    ]


def paid_by_card(payment, number: str = GOOD_CARD, *, save_card: bool = False):
    """The payer opens the pay page, pays in the browser and comes back to the return page."""
    from icis.payments import services
    from icis.payments.models import Payment

    checkout = services.payment_checkout(payment_id=payment.pk)
    pay_in_browser(checkout, number, save_card=save_card)
    services.payment_sync(payment_id=payment.pk)
    return Payment.objects.get(pk=payment.pk)
