"""Speed mentoring's writes: a registered trainee attendee takes a seat at a mentor's table,
or a place on its waitlist; giving a seat up passes it to the first on the waitlist."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.mail.services import email_queue
from meetings import selectors as meeting_selectors
from members import selectors as member_selectors
from members.career import TRAINEE_STAGES

from .audit import MentorshipAction
from .exceptions import MentorshipError
from .models import SpeedSeat, SpeedTable


def speed_signup_problem(*, table: SpeedTable, user) -> str:
    """ "" when the person may sign up: a trainee with a confirmed registration for the meeting."""
    if not meeting_selectors.attendee_confirmed(meeting=table.session.meeting, user=user):
        return "Speed mentoring is for registered attendees: register for the meeting first."
    profile = member_selectors.profile_for(user=user)
    if profile is None or profile.career_stage not in TRAINEE_STAGES:
        return "Speed mentoring is for trainees; your career stage is set in your profile."
    return ""


@transaction.atomic
def speed_seat_take(*, table_id: int, user, now: datetime | None = None) -> SpeedSeat:
    """A seat while the table has one, otherwise a place on its waitlist. The seats are counted
    under a lock on the table, so a table is never oversold."""
    now = now or timezone.now()
    table = lock_one(
        SpeedTable.objects.select_related("session__meeting", "mentor__user"),
        of=("self",),
        pk=table_id,
        session__is_published=True,
    )
    problem = speed_signup_problem(table=table, user=user)
    if problem:
        raise MentorshipError(problem)
    if table.starts_at <= now:
        raise MentorshipError("This table has started: choose a later time.")
    existing = SpeedSeat.objects.filter(table=table, trainee=user).first()
    if existing is not None:
        return existing
    taken = SpeedSeat.objects.filter(table=table, waitlisted=False).count()
    seat = SpeedSeat.objects.create(
        table=table, trainee=user, waitlisted=taken >= table.capacity, created_at=now
    )
    audit_record(
        actor=user,
        action=MentorshipAction.SPEED_SEAT_BOOKED,
        target=seat,
        data={"waitlisted": seat.waitlisted},
        now=now,
    )
    return seat


@transaction.atomic
def speed_seat_give_up(*, table_id: int, user, now: datetime | None = None) -> SpeedSeat | None:
    """Gives up a seat (or a waitlist place); a freed seat goes to the first on the waitlist,
    who is told by email. Returns the seat passed on, if any."""
    now = now or timezone.now()
    table = lock_one(
        SpeedTable.objects.select_related("session__meeting", "mentor__user"),
        of=("self",),
        pk=table_id,
    )
    seat = SpeedSeat.objects.filter(table=table, trainee=user).first()
    if seat is None:
        return None
    freed = not seat.waitlisted
    audit_record(actor=user, action=MentorshipAction.SPEED_SEAT_CANCELLED, target=seat, now=now)
    seat.delete()
    if not freed:
        return None
    following = (
        SpeedSeat.objects.filter(table=table, waitlisted=True)
        .select_related("trainee")
        .order_by("created_at", "pk")
        .first()
    )
    if following is None:
        return None
    following.waitlisted = False
    following.save(update_fields=["waitlisted"])
    meeting = table.session.meeting
    email_queue(
        to=following.trainee.email,
        template="mentorship/email/speed_seat",
        context={
            "name": following.trainee.get_short_name() or following.trainee.email,
            "mentor_name": table.mentor.user.get_full_name(),
            "meeting_name": meeting.name,
            "starts": f"{table.starts_at.astimezone(meeting.time_zone):%-d %B %Y, %H:%M}",
            "session_url": table.session.get_absolute_url(),
        },
        dedupe_key=f"mentorship:speed_seat:{following.pk}",
        now=now,
    )
    return following
