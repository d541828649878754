"""Domain apps tell payments how to fulfil their line items; payments never imports them.

Each app registers its line-item kind in `AppConfig.ready()`:

    payment_handlers.register("membership", fulfil=membership_fulfil, refund=membership_refunded)

`fulfil(item=, payment=, now=)` runs inside `payment_confirm`'s transaction, so the payment and
what it bought become real together or not at all; so does `refund(item=, payment=, fully=,
now=)` inside the refund's. A kind that registers `card_saved(user=, now=)` offers the payer to
keep the card on the pay page ("renew automatically"); it is called, in the same transaction,
when a payment that kept the card is confirmed.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Handler:
    fulfil: Callable
    refund: Callable | None = None
    card_saved: Callable | None = None


_handlers: dict[str, Handler] = {}


def register(
    kind: str,
    *,
    fulfil: Callable,
    refund: Callable | None = None,
    card_saved: Callable | None = None,
) -> None:
    _handlers[kind] = Handler(fulfil=fulfil, refund=refund, card_saved=card_saved)


def card_saving_offered(kinds) -> bool:
    """Whether a payment for these line-item kinds may keep the card for later."""
    return any(_handlers.get(kind) and _handlers[kind].card_saved for kind in kinds)


def handler_for(kind: str) -> Handler:
    try:
        return _handlers[kind]
    except KeyError:
        raise LookupError(
            f"No payment handler is registered for line items of kind {kind!r}"
        ) from None
