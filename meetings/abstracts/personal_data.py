"""Abstracts in the personal-data registry (`icis.accounts.personal_data`).

Export: the abstracts the person submitted (drafts included) and the abstracts of others that
name them as an author.

Erasure: the abstracts the person submitted go, with their author lists and affiliations (the
submitter is the one who answers for an abstract; nobody else can edit or withdraw it). On
abstracts other people submitted, the person stays named as an author, because the author list
is part of the other submitter's scientific record (and, once published, of the abstract
book); the link to the account and the email address go, so only the name as printed stays.
A built abstract book that prints one of the person's own abstracts is discarded, file and all:
staff build it again without it.
"""

from datetime import datetime

from django.db.models import Q

from icis.accounts import personal_data
from icis.core.audit import audit_record

from . import services
from .audit import AbstractAction
from .book import books_discard_printing
from .models import Abstract, Author
from .models_review import AbstractConflict, AbstractPanelMember, AbstractReview
from .selectors import account_export as abstracts_export


def account_export(*, user) -> dict:
    """The abstracts, and the reviews the person wrote (scores and comment)."""
    data = abstracts_export(user=user)
    data["abstract_reviews"] = [
        {
            "abstract": review.abstract.number,
            "assigned_at": review.assigned_at.isoformat(),
            "submitted_at": review.submitted_at.isoformat() if review.submitted_at else None,
            "weighted_score": str(review.weighted_score) if review.weighted_score else None,
            "comment": review.comment,
        }
        for review in AbstractReview.objects.filter(reviewer=user).select_related("abstract")
    ]
    return data


def reviews_erase(*, user, now: datetime) -> None:
    """The reviews the person wrote (with their scores), their conflicts and panel places go,
    as an award reviewer's do: a ranking then counts only the remaining reviews."""
    reviews = AbstractReview.objects.filter(reviewer=user)
    personal_data.audit_targets_forget(
        model=AbstractReview, ids=reviews.values_list("pk", flat=True), label="erased review"
    )
    removed, _ = reviews.delete()
    AbstractConflict.objects.filter(reviewer=user).delete()
    AbstractPanelMember.objects.filter(reviewer=user).delete()
    if removed:
        audit_record(
            actor=None, action=AbstractAction.REVIEWS_ERASED, data={"rows": removed}, now=now
        )


def account_erase(*, user, now: datetime) -> None:
    reviews_erase(user=user, now=now)
    own = Abstract.objects.filter(submitter=user)
    personal_data.audit_targets_forget(
        model=Abstract, ids=own.values_list("pk", flat=True), label="erased abstract"
    )
    named = Author.objects.filter(Q(user=user) | Q(email__iexact=user.email)).exclude(
        abstract__submitter=user
    )
    unlinked = named.update(user=None, email="")
    books = books_discard_printing(submitter=user)
    removed = services.abstracts_erase(submitter=user)
    if removed or unlinked:
        audit_record(
            actor=None,
            action=AbstractAction.ACCOUNT_ERASED,
            data={"abstracts": removed, "authorships_unlinked": unlinked, "books_discarded": books},
            now=now,
        )


def register() -> None:
    personal_data.register(
        "abstracts",
        export=account_export,
        erase=account_erase,
        exported=["abstracts.Abstract", "abstracts.Author", "abstracts.AbstractReview"],
        erased=[
            "abstracts.Abstract",
            "abstracts.Author",
            "abstracts.AbstractReview",
            "abstracts.AbstractConflict",
            "abstracts.AbstractPanelMember",
        ],
        kept={
            "abstracts.Author": "On an abstract someone else submitted, the person's name "
            "stays in its author list (the submitter's scientific record); the account link "
            "and email address are removed.",
        },
    )
