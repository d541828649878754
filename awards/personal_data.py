"""Awards in the personal-data registry (`icis.accounts.personal_data`): the export is
`selectors.account_export` (applications, nominations, reviews written), the erasure
`services.account_erase` (applications, nominations, their letters and files, reviews, panel
places)."""

from datetime import datetime

from icis.accounts import personal_data

from .models import Application, Review
from .selectors import account_export
from .services.applications import account_erase as applications_and_reviews_erase


def account_erase(*, user, now: datetime) -> None:
    """The audit log's entries about the person's applications and reviews (labelled with
    their name) stop naming them; then the applications and reviews go."""
    personal_data.audit_targets_forget(
        model=Application,
        ids=Application.objects.filter(created_by=user).values_list("pk", flat=True),
        label="erased application",
    )
    personal_data.audit_targets_forget(
        model=Review,
        ids=Review.objects.filter(reviewer=user).values_list("pk", flat=True),
        label="erased review",
    )
    applications_and_reviews_erase(user=user, now=now)


def register() -> None:
    personal_data.register(
        "awards",
        export=account_export,
        erase=account_erase,
        exported=["awards.Application", "awards.Review"],
        erased=[
            "awards.Application",
            "awards.RefereeRequest",
            "awards.PanelMember",
            "awards.Conflict",
            "awards.Review",
        ],
        kept={
            "awards.Application": "A nomination someone else made of this person is the "
            "nominator's record and stays with them, unlinked from the candidate's account "
            "(SET_NULL); which staff member decided is the society's record (SET_NULL).",
            "awards.RefereeRequest": "A letter the person wrote as a referee belongs to the "
            "application it supports, which is its applicant's record; the referee never "
            "had an account for it.",
        },
    )
