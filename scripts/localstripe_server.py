"""Runs localstripe, the fake Stripe API, on 127.0.0.1 only, with its state in the project.

localstripe's own command binds every interface and keeps its state in /tmp; this wrapper binds
loopback, starts from an empty store and writes the store where it is told.

It also fills the one gap between localstripe and Stripe that the site's card flow meets
(Stripe's standard one-off flow: the browser confirms the payment's PaymentIntent with the card).
localstripe's Stripe.js `confirmCardPayment` never sends the card, and its server refuses a
`payment_method` on confirm and `setup_future_usage` on a PaymentIntent. At start-up this
wrapper lets the confirm take the card (as `payment_method_data`, the way localstripe's own
SetupIntent confirm does, or as `payment_method`) and `setup_future_usage`, accepts the
publishable key with the client secret on that confirm (as Stripe does), and serves a copy of
localstripe's Stripe.js whose `confirmCardPayment` posts the card and then completes 3-D
Secure as its `confirmCardSetup` does. tests/payments/test_localstripe_fake.py checks it.
"""

import argparse
import pickle
import re
from pathlib import Path

import localstripe
from aiohttp import web
from localstripe.errors import UserError
from localstripe.resources import PaymentIntent, PaymentMethod, Store, store
from localstripe.server import app, auth_middleware, get_api_key, get_post_data, json_response

CONFIRM_PATH = re.compile(r"^/v1/payment_intents/(pi_\w+)/confirm$")

# Replaces localstripe's confirmCardPayment, which only performs the 3-D Secure step.
CONFIRM_CARD_PAYMENT = r"""    confirmCardPayment: async (clientSecret, data) => {
      console.log('localstripe: Stripe().confirmCardPayment() (sends the card)');
      try {
        const pi = clientSecret.match(/^(pi_\w+)_secret_/)[1];
        const base = `${LOCALSTRIPE_BASE_API}/v1/payment_intents/${pi}`;
        data = data || {};
        const body = {key: apiKey, use_stripe_sdk: true, client_secret: clientSecret};
        const method = data.payment_method;
        if (method && method.card instanceof Element) {
          const element = method.card;
          body.payment_method_data = {type: 'card', card: element.value.card,
                                      billing_details: method.billing_details || {}};
        } else if (typeof method === 'string') {
          body.payment_method = method;
        }
        if (data.setup_future_usage) { body.setup_future_usage = data.setup_future_usage; }
        let response = await fetch(`${base}/confirm`, {method: 'POST', body: JSON.stringify(body)});
        let intent = await response.json().catch(() => ({}));
        if (response.status !== 200 || intent.error) {
          return {error: intent.error || {message: 'The payment could not be confirmed.'}};
        }
        if (intent.status === 'requires_action') {
          const success = await openModal('3D Secure\nDo you want to confirm or cancel?',
                                          'Complete authentication', 'Fail authentication');
          response = await fetch(`${base}/_authenticate?success=${success}`, {
            method: 'POST', body: JSON.stringify({key: apiKey, client_secret: clientSecret})});
          intent = await response.json().catch(() => ({}));
          if (response.status !== 200 || intent.error) {
            return {error: intent.error || {message: 'The payment could not be confirmed.'}};
          }
        }
        if (intent.status === 'succeeded' || intent.status === 'processing') {
          return {paymentIntent: intent};
        }
        const failure = intent.last_payment_error || {};
        return {error: {type: 'card_error', code: failure.code,
                        message: failure.message || 'Your card was declined.',
                        payment_intent: intent}};
      } catch (err) {
        return {error: {message: String(err && err.message || err)}};
      }
    },
"""


def stripe_js() -> str:
    """localstripe's Stripe.js with `confirmCardPayment` replaced."""
    source = (Path(localstripe.__file__).parent / "localstripe-v3.js").read_text()
    start = source.index("    confirmCardPayment: async (clientSecret, data) => {")
    end = source.index("    handleCardPayment:", start)
    return source[:start] + CONFIRM_CARD_PAYMENT + source[end:]


def confirm(
    cls,
    id,
    payment_method=None,
    payment_method_data=None,
    setup_future_usage=None,
    client_secret=None,
    use_stripe_sdk=None,
    **kwargs,
):
    """PaymentIntent confirm that takes the card, as Stripe's does."""
    if kwargs:
        raise UserError(400, "Unexpected " + ", ".join(kwargs.keys()))
    obj = cls._api_retrieve(id)
    if client_secret is not None and client_secret != obj.client_secret:
        raise UserError(401, "Unauthorized")
    if setup_future_usage is not None:
        if setup_future_usage not in ("on_session", "off_session"):
            raise UserError(400, "Bad request")
        obj.setup_future_usage = setup_future_usage
    if payment_method is not None or payment_method_data is not None:
        if obj.status not in ("requires_payment_method", "requires_confirmation"):
            raise UserError(400, "Bad request")
        if payment_method_data is not None:
            pm = PaymentMethod(**payment_method_data)
        else:
            pm = PaymentMethod._api_retrieve(payment_method)
        if pm._attaching_is_declined():
            raise UserError(402, "Your card was declined.", {"code": "card_declined"})
        obj.payment_method = pm.id
        obj.latest_charge = None  # a new attempt after a declined one
        if getattr(obj, "setup_future_usage", None) and obj.customer:
            pm.customer = obj.customer
    if obj.status != "requires_confirmation":
        raise UserError(400, "Bad request")
    obj._confirm(on_failure_now=obj._report_failure)
    return obj


def patch_payment_intents() -> None:
    original_init = PaymentIntent.__init__

    def init(self, *args, setup_future_usage=None, **kwargs):
        original_init(self, *args, **kwargs)
        if setup_future_usage is not None:
            self.setup_future_usage = setup_future_usage

    PaymentIntent.__init__ = init


@web.middleware
async def boundary_middleware(request, handler):
    """Serves the corrected Stripe.js, and answers a PaymentIntent confirm itself (localstripe's
    route holds its own confirm), from the browser with the publishable key and the intent's
    client secret, or from a server with the secret key."""
    if request.path == "/js.stripe.com/v3/":
        return web.Response(text=stripe_js(), content_type="application/javascript")
    match = CONFIRM_PATH.match(request.path)
    if request.method != "POST" or not match:
        return await auth_middleware(request, handler)
    data = dict(await get_post_data(request, remove_auth=False) or {})
    key = str(data.pop("key", ""))
    for name in ("payment_user_agent", "referrer"):
        data.pop(name, None)
    browser = key.startswith("pk_") and data.get("client_secret")
    if not browser and get_api_key(request) is None:
        raise UserError(401, "Unauthorized")
    expand = data.pop("expand", None)
    try:
        intent = confirm(PaymentIntent, match.group(1), **data)
    finally:
        store.dump_to_disk()
    return json_response(intent._export(expand=expand))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--state-file", type=Path, required=True)
    args = parser.parse_args()

    state_file: Path = args.state_file
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.unlink(missing_ok=True)

    def dump_to_disk(self) -> None:
        with state_file.open("wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)

    Store.dump_to_disk = dump_to_disk
    store.clear()
    patch_payment_intents()
    stripe_js()  # fails at start-up, not in a browser, if localstripe's script has changed
    app.middlewares[app.middlewares.index(auth_middleware)] = boundary_middleware
    web.run_app(app, host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
