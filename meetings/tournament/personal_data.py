"""The tournament in the personal-data registry (`icis.accounts.personal_data`).

Export: every point the person scored (what, on what, when). Erasure: their points go, so they
leave the leaderboard; a prize draw already recorded keeps only its seed and counts.
"""

from datetime import datetime

from icis.accounts import personal_data

from .models import PointEvent


def account_export(*, user) -> dict:
    events = PointEvent.objects.filter(user=user).select_related("tournament__meeting")
    return {
        "tournament_points": [
            {
                "meeting": event.tournament.meeting.name,
                "action": event.get_action_display(),
                "object": event.object_key,
                "points": event.points,
                "scored_at": event.created_at.isoformat(),
            }
            for event in events
        ]
    }


def account_erase(*, user, now: datetime) -> None:
    PointEvent.objects.filter(user=user).delete()


def register() -> None:
    personal_data.register(
        "tournament",
        export=account_export,
        erase=account_erase,
        exported=["tournament.PointEvent"],
        erased=["tournament.PointEvent"],
    )
