"""Scoring: the one way points enter the ledger.

Every part of the virtual platform calls `points_record` when a confirmed attendee does
something that may score. It never raises for a duplicate, a full daily cap, an action without
a rule or a closed tournament: it scores 0, and the caller's page goes on as usual.
"""

from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from ..models import Action, PointEvent, PointRule, Tournament

# Two requests may take the same cap slot at once; the loser counts again (once per rival).
_SLOT_ATTEMPTS = 5


def object_key(obj) -> str:
    """What a point is scored on, as the ledger names it: "posters.poster:12"."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def tournament_closes_at(tournament: Tournament) -> datetime:
    if tournament.closes_at:
        return tournament.closes_at
    meeting = tournament.meeting
    return meeting.at(meeting.end_date + timedelta(days=1), time(0, 0))


def _event_insert(**fields) -> bool:
    """Write one point event unless a unique key (scored once, one event per cap slot) already
    holds it: one statement, no savepoint, and a refused row leaves the caller's transaction
    usable. Whether the row was written."""
    columns = ", ".join(connection.ops.quote_name(name) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(PointEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            # The table and column names are the model's own, never input.
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608
            "ON CONFLICT DO NOTHING RETURNING id",
            list(fields.values()),
        )
        return cursor.fetchone() is not None


def points_record(
    *, meeting, user, action: Action, object_key: str, now: datetime | None = None
) -> int:
    """Score `action` on `object_key` for a confirmed attendee; the points scored (0 when it
    scored before, the day's cap is used, nothing scores for it, or the tournament is closed).
    Safe inside the caller's transaction: a refused insert is skipped by PostgreSQL
    (ON CONFLICT DO NOTHING), nothing is rolled back."""
    now = now or timezone.now()
    rule = (
        PointRule.objects.select_related("tournament__meeting")
        .filter(tournament__meeting=meeting, action=action)
        .first()
    )
    if rule is None or now >= tournament_closes_at(rule.tournament):
        return 0
    day = meeting.local_today(now)
    key = {"tournament": rule.tournament, "user": user, "action": action}
    for _attempt in range(_SLOT_ATTEMPTS):
        slot = None
        if rule.daily_cap:
            used = PointEvent.objects.filter(**key, day=day, cap_slot__isnull=False).count()
            if used >= rule.daily_cap:
                return 0
            slot = used + 1
        if _event_insert(
            tournament_id=rule.tournament_id,
            user_id=user.pk,
            action=str(action),
            object_key=object_key[:64],
            points=rule.points,
            day=day,
            cap_slot=slot,
            created_at=now,
        ):
            return rule.points
        if PointEvent.objects.filter(**key, object_key=object_key[:64]).exists():
            return 0  # scored before: a double click, a replay, another tab
        # another request took this cap slot first: count again
    return 0
