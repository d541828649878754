"""Posters in the personal-data registry (`icis.accounts.personal_data`).

Export: the posters the person presents. Erasure: a poster is part of the meeting's record,
so it stays in the gallery under the name printed on it; the link to the account goes.
"""

from datetime import datetime

from icis.accounts import personal_data

from .models import Poster


def account_export(*, user) -> dict:
    posters = Poster.objects.filter(presenter=user).select_related("meeting")
    return {
        "posters": [
            {"meeting": poster.meeting.name, "title": poster.title, "board": poster.board_number}
            for poster in posters
        ]
    }


def account_erase(*, user, now: datetime) -> None:
    Poster.objects.filter(presenter=user).update(presenter=None)


def register() -> None:
    personal_data.register(
        "posters",
        export=account_export,
        erase=account_erase,
        exported=["posters.Poster"],
        kept={
            "posters.Poster": "A poster stays in its meeting's gallery under the presenter's "
            "name as printed; the link to the account is removed.",
        },
    )
