"""Players with points, fast: accounts, confirmed places and ledger rows written in bulk (the
ledger's own rules are tested in test_ledger.py)."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model

from meetings.models import Registration, RegistrationCategory
from meetings.tournament.models import Action, PointEvent


def players_add(tournament, count: int, *, points: int = 5, at: datetime) -> list:
    """`count` confirmed attendees of the tournament's meeting with `points` each, scored a
    second apart from `at`."""
    meeting = tournament.meeting
    category = RegistrationCategory.objects.filter(meeting=meeting).first()
    if category is None:
        category = RegistrationCategory.objects.create(
            meeting=meeting, slug="attendee", name="Attendee", ordering=1
        )
    start = get_user_model().objects.count()
    users = get_user_model().objects.bulk_create(
        get_user_model()(
            email=f"player{start + n}@example.org",
            first_name="Player",
            last_name=f"Number{start + n}",
            password="!",  # an unusable password
        )
        for n in range(count)
    )
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            user=user,
            category=category,
            status=Registration.Status.CONFIRMED,
            badge_name=user.get_full_name(),
            affiliation="Example Institute",
            country="GB",
        )
        for user in users
    )
    PointEvent.objects.bulk_create(
        PointEvent(
            tournament=tournament,
            user=user,
            action=Action.POSTER_OPEN,
            object_key="posters.poster:1",
            points=points,
            day=meeting.start_date,
            created_at=at + timedelta(seconds=n),
        )
        for n, user in enumerate(users)
    )
    return users
