"""What the domain apps hold of a person, for "export my data" and "delete my account";
accounts never imports them.

Each app registers in `AppConfig.ready()`:

    personal_data.register("awards", export=awards_export, erase=awards_account_erase)

`export(user=)` returns JSON-ready data, shown under the app's name in the member's export.
`erase(user=, now=)` runs inside the account deletion's transaction, before the account row
goes, so a failure leaves the account whole.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Holder:
    export: Callable | None = None
    erase: Callable | None = None


_holders: dict[str, Holder] = {}


def register(name: str, *, export: Callable | None = None, erase: Callable | None = None) -> None:
    _holders[name] = Holder(export=export, erase=erase)


def export_everywhere(*, user) -> dict:
    return {
        name: holder.export(user=user) for name, holder in sorted(_holders.items()) if holder.export
    }


def erase_everywhere(*, user, now: datetime) -> None:
    for holder in _holders.values():
        if holder.erase:
            holder.erase(user=user, now=now)
