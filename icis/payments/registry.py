"""Domain apps tell payments how to fulfil their line items; payments never imports them.

Each app registers its line-item kind in `AppConfig.ready()`:

    payment_handlers.register("membership", fulfil=membership_fulfil, refund=membership_refunded)

`fulfil(item=, payment=, now=)` runs inside `payment_confirm`'s transaction, so the payment and
what it bought become real together or not at all.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Handler:
    fulfil: Callable
    refund: Callable | None = None


_handlers: dict[str, Handler] = {}


def register(kind: str, *, fulfil: Callable, refund: Callable | None = None) -> None:
    _handlers[kind] = Handler(fulfil=fulfil, refund=refund)


def handler_for(kind: str) -> Handler:
    try:
        return _handlers[kind]
    except KeyError:
        raise LookupError(
            f"No payment handler is registered for line items of kind {kind!r}"
        ) from None
