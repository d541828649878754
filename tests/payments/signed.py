"""Posting Stripe events to the site's webhook: real JSON, signed as Stripe signs it, and the
objects Stripe (localstripe) holds, as JSON, to put in them."""

import hashlib
import hmac
import json
import time
import urllib.request

from django.conf import settings

URL = "/payments/stripe/webhook/"


def post_signed(client, event: dict, *, secret=None, timestamp=None):
    payload = json.dumps(event)
    timestamp = int(timestamp or time.time())
    secret = secret or settings.STRIPE["webhook_secret"]
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return client.post(
        URL,
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=f"t={timestamp},v1={signature.hexdigest()}",
    )


def event(event_type: str, data_object: dict, event_id: str = "evt_1") -> dict:
    return {
        "id": event_id,
        "object": "event",
        "type": event_type,
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "data": {"object": data_object},
    }


def stripe_api(method: str, path: str, fields: dict | None = None) -> dict:
    """localstripe's API with the secret key, as Stripe's dashboard would change things (a JSON
    body, which localstripe reads with its types)."""
    body = json.dumps(fields or {}).encode() if method == "POST" else None
    request = urllib.request.Request(
        settings.STRIPE["api_base"] + path,
        data=body,
        method=method,
        headers={"Authorization": f"Bearer {settings.STRIPE['secret_key']}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)
