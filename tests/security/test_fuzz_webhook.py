"""Stripe's webhook, sent hostile events signed with the real secret (so they get past the
signature and reach the handlers): never a server error, whatever the event holds."""

import json

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from icis.payments.webhooks import HANDLERS
from tests.payments.signed import post_signed
from tests.security.hostile import FUZZ, hostile

COUNTS = {"webhook": 0}
# Every type the site acts on, and some it does not.
TYPES = [*sorted(HANDLERS), "customer.created", "invoice.payment_succeeded", ""]

_scalar = st.one_of(
    hostile,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
)
_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(hostile, inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def events(draw, payment_intent: str, charge: str):
    """An event of a type the site acts on (or not), about an object the site knows (or not),
    with hostile values where Stripe puts ids, amounts, currencies and metadata."""
    data_object = {
        "id": draw(st.one_of(st.just(payment_intent), st.just(charge), hostile, _value)),
        "object": draw(st.sampled_from(["payment_intent", "charge", "refund", "dispute"])),
        "amount": draw(st.one_of(st.integers(), _value)),
        "currency": draw(st.one_of(st.just("usd"), hostile)),
        "charge": draw(st.one_of(st.just(charge), _value)),
        "payment_intent": draw(st.one_of(st.just(payment_intent), _value)),
        "metadata": draw(st.dictionaries(hostile, _value, max_size=3)),
        "status": draw(st.one_of(st.sampled_from(["succeeded", "canceled"]), hostile)),
    }
    for key in draw(st.sets(st.sampled_from(sorted(data_object)))):
        del data_object[key]  # Stripe's objects differ; a forged one may lack anything
    event = {
        "id": draw(st.one_of(st.from_regex(r"evt_[A-Za-z0-9]{8}", fullmatch=True), hostile)),
        "object": "event",
        "type": draw(st.one_of(st.sampled_from(TYPES), hostile)),
        "data": draw(st.one_of(st.just({"object": data_object}), _value)),
    }
    return draw(st.one_of(st.just(event), _value))


def _send(world, strategy):
    from icis.payments.models import Payment

    payment = Payment.objects.get(public_id=world.kwargs["public_id"])
    client = Client()

    @FUZZ
    @given(event=strategy(payment_intent=payment.provider_reference or "pi_unknown", charge="ch_1"))
    def send(event):
        COUNTS["webhook"] += 1
        atomic = transaction.atomic()
        atomic._from_testcase = True  # a test's savepoint, not the site's transaction
        with atomic:
            response = post_signed(client, event)
            transaction.set_rollback(True)
        assert response.status_code in (200, 503), (response.status_code, json.dumps(event)[:500])

    send()


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    return value


def object_events_without_nul(**known):
    return events(**known).filter(lambda event: isinstance(event, dict)).map(_without_nul)


@pytest.mark.django_db
def test_the_webhook_takes_hostile_events_objects_without_nul(world):
    _send(world, object_events_without_nul)


@pytest.mark.django_db
def test_the_webhook_takes_any_hostile_event(world):
    _send(world, events)


def test_the_fuzzing_counts():
    print(f"webhook fuzzed: up to {2 * FUZZ.max_examples} signed events ({COUNTS})")
