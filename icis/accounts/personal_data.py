"""What the parts of the site hold of a person, for "Download all your data" and "Delete your
account"; accounts never imports them.

Each app registers in `AppConfig.ready()` (usually from its own `personal_data.py`), naming
what it does with every model that holds a person (a foreign key to the user, or an email
address naming someone):

    personal_data.register(
        "meetings",
        export=account_export,
        erase=account_erase,
        exported=["meetings.Registration"],
        erased=["meetings.Registration"],
        kept={"meetings.Announcement": "who sent it is the society's record"},
    )

`export(user=)` returns JSON-ready data, shown under the registration's name in the member's
export. `erase(user=, now=)` runs inside the account deletion's transaction, before the account
row goes, so a failure leaves the account whole. Erasing must be safe to run twice.

A test walks every installed model and fails naming any that holds a person and that no
registration covers, so a model added later needs a decision before the suite passes.

The app that owns the account's deletion (members: it also holds the profile and terms)
registers it with `account_deletion_register`; the admin deletes users through
`account_delete`, the same service the member portal's "Delete your account" runs.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Holder:
    name: str
    export: Callable | None = None
    erase: Callable | None = None
    exported: frozenset[str] = frozenset()
    erased: frozenset[str] = frozenset()
    kept: Mapping[str, str] = field(default_factory=dict)

    def covers(self) -> set[str]:
        return set(self.exported) | set(self.erased) | set(self.kept)


_holders: dict[str, Holder] = {}
_account_deletion: list[Callable] = []


def register(
    name: str,
    *,
    export: Callable | None = None,
    erase: Callable | None = None,
    exported: Iterable[str] = (),
    erased: Iterable[str] = (),
    kept: Mapping[str, str] | None = None,
) -> None:
    """`exported`, `erased`: model labels ("app_label.Model") this registration's export
    shows and its erasure removes or anonymises; `kept`: labels that stay, each with why."""
    kept = dict(kept or {})
    unexplained = sorted(label for label, reason in kept.items() if not reason.strip())
    if unexplained:
        raise ImproperlyConfigured(f"{name}: say why these are kept: {', '.join(unexplained)}")
    _holders[name] = Holder(
        name=name,
        export=export,
        erase=erase,
        exported=frozenset(exported),
        erased=frozenset(erased),
        kept=kept,
    )


def holders() -> list[Holder]:
    return [holder for _, holder in sorted(_holders.items())]


def coverage() -> dict[str, list[str]]:
    """Model label -> the registrations that say what happens to it."""
    covered: dict[str, list[str]] = {}
    for holder in holders():
        for label in holder.covers():
            covered.setdefault(label, []).append(holder.name)
    return covered


def export_everywhere(*, user) -> dict:
    return {holder.name: holder.export(user=user) for holder in holders() if holder.export}


def erase_everywhere(*, user, now: datetime) -> None:
    for holder in _holders.values():
        if holder.erase:
            holder.erase(user=user, now=now)


def account_addresses(user) -> list[str]:
    """The account's address and every other address it confirmed, lower-cased: what erases
    records kept by address (the outbox, newsletter sign-ups)."""
    from allauth.account.models import EmailAddress

    addresses = {user.email.lower()}
    addresses.update(
        email.lower()
        for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return sorted(addresses)


def audit_targets_forget(*, model, ids, label: str) -> int:
    """The audit log, and the admin's history, keep acts on erased things (an account, a
    registration, an application) but no longer name them: their labels, written from the
    person's name, become `label`."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from icis.core.models import AuditEntry

    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    object_ids = [str(pk) for pk in ids]
    LogEntry.objects.filter(content_type=content_type, object_id__in=object_ids).update(
        object_repr=label
    )
    return AuditEntry.objects.filter(content_type=content_type, object_id__in=object_ids).update(
        object_label=label
    )


def account_deletion_register(delete: Callable) -> None:
    """`delete(user=, actor=)`: erase a person and their account, in one transaction."""
    _account_deletion[:] = [delete]


def account_delete(*, user, actor) -> None:
    """Delete an account the one way the site knows: erasure everywhere, then the account."""
    if not _account_deletion:
        raise ImproperlyConfigured("No app has registered the account deletion service.")
    _account_deletion[0](user=user, actor=actor)
