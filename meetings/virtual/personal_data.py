"""Live and on demand in the personal-data registry (`icis.accounts.personal_data`).

Export: the recordings the person watched, and when first. Erasure: "watched" is about the
person only, so it goes (the recordings' counts shrink by one)."""

from datetime import datetime

from icis.accounts import personal_data

from .models import RecordingView


def account_export(*, user) -> dict:
    views = RecordingView.objects.filter(user=user).select_related(
        "recording__session__day__meeting"
    )
    return {
        "recordings_watched": [
            {
                "meeting": view.recording.session.day.meeting.name,
                "session": view.recording.session.title,
                "recording": view.recording.title,
                "first_watched_at": view.first_watched_at.isoformat(),
            }
            for view in views
        ]
    }


def account_erase(*, user, now: datetime) -> None:
    RecordingView.objects.filter(user=user).delete()


def register() -> None:
    personal_data.register(
        "virtual",
        export=account_export,
        erase=account_erase,
        exported=["virtual.RecordingView"],
        erased=["virtual.RecordingView"],
    )
