"""Awards in the personal-data registry (`icis.accounts.personal_data`): the export is
`selectors.account_export` (applications, nominations, reviews written), the erasure
`services.account_erase` (applications, nominations, their letters and files, reviews, panel
places)."""

from icis.accounts import personal_data

from .selectors import account_export
from .services import account_erase


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
