"""Abstracts in the personal-data registry (`icis.accounts.personal_data`).

Export: the abstracts the person submitted (drafts included) and the abstracts of others that
name them as an author.

Erasure: the abstracts the person submitted go, with their author lists and affiliations (the
submitter is the one who answers for an abstract; nobody else can edit or withdraw it). On
abstracts other people submitted, the person stays named as an author, because the author list
is part of the other submitter's scientific record (and, once published, of the abstract
book); the link to the account and the email address go, so only the name as printed stays.
"""

from datetime import datetime

from django.db.models import Q

from icis.accounts import personal_data
from icis.core.audit import audit_record

from . import services
from .audit import AbstractAction
from .models import Abstract, Author
from .selectors import account_export


def account_erase(*, user, now: datetime) -> None:
    own = Abstract.objects.filter(submitter=user)
    personal_data.audit_targets_forget(
        model=Abstract, ids=own.values_list("pk", flat=True), label="erased abstract"
    )
    named = Author.objects.filter(Q(user=user) | Q(email__iexact=user.email)).exclude(
        abstract__submitter=user
    )
    unlinked = named.update(user=None, email="")
    removed = services.abstracts_erase(submitter=user)
    if removed or unlinked:
        audit_record(
            actor=None,
            action=AbstractAction.ACCOUNT_ERASED,
            data={"abstracts": removed, "authorships_unlinked": unlinked},
            now=now,
        )


def register() -> None:
    personal_data.register(
        "abstracts",
        export=account_export,
        erase=account_erase,
        exported=["abstracts.Abstract", "abstracts.Author"],
        erased=["abstracts.Abstract", "abstracts.Author"],
        kept={
            "abstracts.Author": "On an abstract someone else submitted, the person's name "
            "stays in its author list (the submitter's scientific record); the account link "
            "and email address are removed.",
        },
    )
