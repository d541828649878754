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


def _meeting_ends_at(meeting) -> datetime:
    return meeting.at(meeting.end_date + timedelta(days=1), time(0, 0))


def tournament_closes_at(tournament: Tournament) -> datetime:
    """No points from this moment: the closing time staff set, or when the last day ends."""
    return tournament.closes_at or _meeting_ends_at(tournament.meeting)


def _names() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "event": quote(PointEvent._meta.db_table),
        "rule": quote(PointRule._meta.db_table),
        "tournament": quote(Tournament._meta.db_table),
    }


# One statement scores a fresh action: it finds the rule of an open tournament, takes the next
# cap slot while the day's cap has room, and writes the event unless a unique key (scored once,
# one event per cap slot) already holds it. ON CONFLICT DO NOTHING refuses a duplicate without
# an error, so the caller's transaction stays usable and no savepoint is needed.
_SCORE_SQL = """
INSERT INTO {event} (tournament_id, user_id, action, object_key, points, day, cap_slot, created_at)
SELECT r.tournament_id, %(user)s, r.action, %(key)s, r.points, %(day)s,
       CASE WHEN r.daily_cap IS NULL THEN NULL ELSE used.n + 1 END, %(now)s
FROM {rule} r
JOIN {tournament} t ON t.id = r.tournament_id
CROSS JOIN LATERAL (
    SELECT count(*) AS n FROM {event} e
    WHERE r.daily_cap IS NOT NULL AND e.tournament_id = r.tournament_id
      AND e.user_id = %(user)s AND e.action = r.action AND e.day = %(day)s
      AND e.cap_slot IS NOT NULL
) used
WHERE t.meeting_id = %(meeting)s AND r.action = %(action)s
  AND COALESCE(t.closes_at, %(meeting_ends)s) > %(now)s
  AND (r.daily_cap IS NULL OR used.n < r.daily_cap)
ON CONFLICT DO NOTHING
RETURNING points
"""


def _score(**params) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(_SCORE_SQL.format(**_names()), params)  # the names are the models'
        row = cursor.fetchone()
    return row[0] if row else None


def points_record(
    *, meeting, user, action: Action, object_key: str, now: datetime | None = None
) -> int:
    """Score `action` on `object_key` for a confirmed attendee; the points scored (0 when it
    scored before, the day's cap is used, nothing scores for it, or the tournament is closed).
    Safe inside the caller's transaction: a refused row is skipped by PostgreSQL, nothing is
    rolled back. A fresh scoring is one statement; a refused one reads the rule (and, for a
    capped action, what the attendee scored today)."""
    now = now or timezone.now()
    key = object_key[:64]
    params = {
        "user": user.pk,
        "key": key,
        "day": meeting.local_today(now),
        "now": now,
        "meeting": meeting.pk,
        "meeting_ends": _meeting_ends_at(meeting),
        "action": str(action),
    }
    for _attempt in range(_SLOT_ATTEMPTS):
        points = _score(**params)
        if points is not None:
            return points
        rule = (
            PointRule.objects.filter(tournament__meeting=meeting, action=action)
            .select_related("tournament__meeting")
            .first()
        )
        if rule is None or not rule.daily_cap or now >= tournament_closes_at(rule.tournament):
            # Nothing scores for it, or the tournament has closed; without a cap the only other
            # refusal is the unique key: it scored before (a double click, a replay, a tab).
            return 0
        if PointEvent.objects.filter(
            tournament=rule.tournament, user=user, action=action, object_key=key
        ).exists():
            return 0  # scored before
        used = PointEvent.objects.filter(
            tournament=rule.tournament,
            user=user,
            action=action,
            day=params["day"],
            cap_slot__isnull=False,
        ).count()
        if used >= rule.daily_cap:
            return 0  # the day's cap is used
        # another request took the cap slot this one counted: count again
    return 0
