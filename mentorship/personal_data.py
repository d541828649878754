"""Mentorship in the personal-data registry (`icis.accounts.personal_data`): a member's mentor
profile, requests sent and received, pairings, feedback they gave and speed-mentoring seats.
All of it is erased with the account (the rows go with the user row, by cascade); the audit
log's entries about them stop naming the person."""

from datetime import datetime

from django.db.models import Q

from icis.accounts import personal_data
from icis.core.audit import audit_record

from .audit import MentorshipAction
from .models import Feedback, MentorProfile, MentorshipRequest, Pairing, SpeedSeat


def _when(value):
    return value.isoformat() if value else None


def account_export(*, user) -> dict:
    mentor = MentorProfile.objects.filter(user=user).first()
    requests = (
        MentorshipRequest.objects.filter(Q(trainee=user) | Q(mentor__user=user))
        .select_related("mentor__user", "trainee")
        .order_by("pk")
    )
    pairings = (
        Pairing.objects.filter(Q(trainee=user) | Q(mentor__user=user))
        .select_related("mentor__user", "trainee")
        .order_by("pk")
    )
    return {
        "mentor_profile": {
            "keywords": mentor.keywords,
            "offers": mentor.offer_labels(),
            "formats": mentor.format_labels(),
            "mentees_at_once": mentor.capacity,
            "languages": mentor.languages,
            "time_zone": mentor.time_zone,
            "paused": mentor.is_paused,
        }
        if mentor
        else None,
        "requests": [
            {
                "as": "trainee" if request.trainee_id == user.pk else "mentor",
                "trainee": request.trainee.get_full_name(),
                "mentor": request.mentor.user.get_full_name(),
                "goals": request.goals,
                "topics": request.topics,
                "format": request.get_format_display(),
                "status": request.get_status_display(),
                "note": request.note,
                "sent": _when(request.created_at),
                "answered": _when(request.answered_at),
            }
            for request in requests
        ],
        "pairings": [
            {
                "as": "trainee" if pairing.trainee_id == user.pk else "mentor",
                "trainee": pairing.trainee.get_full_name(),
                "mentor": pairing.mentor.user.get_full_name(),
                "agreed_goals": pairing.goals,
                "started": _when(pairing.started_at),
                "ended": _when(pairing.ended_at),
            }
            for pairing in pairings
        ],
        "feedback_given": [
            {"rating": item.rating, "comments": item.comments, "given": _when(item.created_at)}
            for item in Feedback.objects.filter(author=user).order_by("pk")
        ],
        "speed_mentoring": [
            {
                "meeting": seat.table.session.meeting.name,
                "mentor": seat.table.mentor.user.get_full_name(),
                "starts": _when(seat.table.starts_at),
                "waitlisted": seat.waitlisted,
            }
            for seat in SpeedSeat.objects.filter(trainee=user)
            .select_related("table__session__meeting", "table__mentor__user")
            .order_by("pk")
        ],
    }


def account_erase(*, user, now: datetime) -> None:
    """Everything goes (the account row takes the rest by cascade): the mentor profile with its
    requests, pairings and speed tables, the person's own requests, pairings, feedback and
    seats. The audit log keeps that things happened, without the person."""
    asked = MentorshipRequest.objects.filter(Q(trainee=user) | Q(mentor__user=user))
    pairings = Pairing.objects.filter(Q(trainee=user) | Q(mentor__user=user))
    mentors = MentorProfile.objects.filter(user=user)
    erased = {
        "requests": personal_data.audit_targets_forget(
            model=MentorshipRequest,
            ids=asked.values_list("pk", flat=True),
            label="erased mentorship request",
        ),
        "pairings": personal_data.audit_targets_forget(
            model=Pairing, ids=pairings.values_list("pk", flat=True), label="erased pairing"
        ),
        "mentor": personal_data.audit_targets_forget(
            model=MentorProfile, ids=mentors.values_list("pk", flat=True), label="erased mentor"
        ),
    }
    Feedback.objects.filter(Q(author=user) | Q(pairing__in=pairings)).delete()
    SpeedSeat.objects.filter(trainee=user).delete()
    pairings.delete()
    asked.delete()
    mentors.delete()
    if any(erased.values()):
        audit_record(actor=None, action=MentorshipAction.ACCOUNT_ERASED, data=erased, now=now)


def register() -> None:
    models = [
        "mentorship.MentorProfile",
        "mentorship.MentorshipRequest",
        "mentorship.Pairing",
        "mentorship.Feedback",
        "mentorship.SpeedSeat",
    ]
    personal_data.register(
        "mentorship", export=account_export, erase=account_erase, exported=models, erased=models
    )
