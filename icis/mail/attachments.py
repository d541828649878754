"""Files attached to outgoing emails, built when the email is sent (a receipt PDF is not kept
in the outbox; the row names it). Apps that own such files register a builder:

    attachments.register("payment_receipt", build_receipt)  # build(id) -> (name, bytes, type)
"""

from collections.abc import Callable

_builders: dict[str, Callable[[int], tuple[str, bytes, str]]] = {}


def register(kind: str, builder: Callable[[int], tuple[str, bytes, str]]) -> None:
    _builders[kind] = builder


def build(kind: str, object_id: int) -> tuple[str, bytes, str]:
    try:
        return _builders[kind](object_id)
    except KeyError:
        raise LookupError(f"No attachment builder is registered for {kind!r}") from None
