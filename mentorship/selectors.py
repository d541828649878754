"""Mentorship's reads: who may mentor or be mentored, the suggestions, a member's requests and
pairings, and the counts the staff dashboard shows."""

import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from members import selectors as member_selectors
from members.career import TRAINEE_STAGES

from .models import (
    Feedback,
    MentorProfile,
    MentorshipRequest,
    Pairing,
    SpeedSeat,
    SpeedSession,
    SpeedTable,
)

Status = MentorshipRequest.Status

# Words too common to say two people share an interest.
_COMMON = frozenset(
    {"and", "the", "for", "with", "from", "into", "their", "this", "that", "are", "was", "our"}
    | {"its", "also", "other", "role", "roles", "cell", "cells", "research", "study", "studies"}
)
_WORD = re.compile(r"[^\W_]{3,}")


def words_of(text: str) -> set[str]:
    """The words that carry an interest: three letters or more, lower case, common ones out."""
    return {word for word in _WORD.findall((text or "").lower()) if word not in _COMMON}


# --- Who may take part --------------------------------------------------------------------


def mentor_eligibility_problem(*, user, on: date | None = None) -> str:
    """ "" when the person may mentor: an active member (or in grace) beyond the trainee stage,
    by the members' own standing and career-stage rules; otherwise why not."""
    profile = member_selectors.profile_for(user=user)
    if not member_selectors.member_is_active(user=user, on=on):
        return "Mentors are members of the society: join or renew first."
    if profile is None or not profile.career_stage:
        return "Tell us your career stage in your profile first."
    if profile.career_stage in TRAINEE_STAGES:
        return "Mentors are members beyond the trainee stage; as a trainee you can find a mentor."
    return ""


def trainee_eligibility_problem(*, user, on: date | None = None) -> str:
    """ "" when the person may ask for a mentor: an active member at a trainee career stage."""
    profile = member_selectors.profile_for(user=user)
    if not member_selectors.member_is_active(user=user, on=on):
        return "Mentoring is for members of the society: join or renew first."
    if profile is None or profile.career_stage not in TRAINEE_STAGES:
        return (
            "Mentors are found by trainee members (graduate and medical students, postdoctoral "
            "researchers). Your career stage is set in your profile."
        )
    return ""


def mentor_profile_for(*, user) -> MentorProfile | None:
    if not user.is_authenticated:
        return None
    return MentorProfile.objects.filter(user=user).first()


# --- Suggestions --------------------------------------------------------------------------


@dataclass
class Suggestion:
    mentor: MentorProfile
    score: int
    shared: list[str] = field(default_factory=list)  # interests in common
    places_left: int = 0
    hours_apart: int | None = None
    asked: bool = False


def _offset_hours(name: str, when: datetime, cache: dict) -> float | None:
    if name not in cache:
        try:
            offset = when.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            offset = None
        cache[name] = None if offset is None else offset.total_seconds() / 3600
    return cache[name]


def _listed_mentors(*, on: date):
    """Mentors trainees may be shown today: listed, still members beyond the trainee stage,
    with a place left. One query, whatever the number of mentors."""
    return (
        MentorProfile.objects.filter(
            is_paused=False,
            staff_paused_at__isnull=True,
            user__is_active=True,
            user__in=member_selectors.member_ids_in_standing_on(on),
        )
        .exclude(user__member_profile__career_stage__in=TRAINEE_STAGES)
        .exclude(user__member_profile__career_stage="")
        .annotate(active_pairings=Count("pairings", filter=Q(pairings__ended_at__isnull=True)))
        .filter(active_pairings__lt=F("capacity"))
    )


def mentor_suggestions(
    *,
    trainee,
    topics: str = "",
    offer: str = "",
    format: str = "",
    time_zone: str = "",
    include_own_institution: bool = False,
    now: datetime | None = None,
    limit: int = 10,
) -> list[Suggestion]:
    """Mentors for a trainee, best first: interests and keywords in common with the topics
    asked about and the trainee's own research interests, then the offer and format wanted,
    places left and time zones close together. Never a mentor at the trainee's own
    institution (unless asked for) nor one who declined this trainee before. Two queries."""
    now = now or timezone.now()
    profile = member_selectors.profile_for(user=trainee)
    wanted = words_of(topics) | words_of(profile.research_interests if profile else "")
    mentors = (
        _listed_mentors(on=timezone.localdate(now))
        .exclude(user=trainee)
        .exclude(
            Exists(
                MentorshipRequest.objects.filter(
                    mentor=OuterRef("pk"), trainee=trainee, status=Status.DECLINED
                )
            )
        )
        .annotate(
            asked=Exists(
                MentorshipRequest.objects.filter(
                    mentor=OuterRef("pk"), trainee=trainee, status=Status.PENDING
                )
            )
        )
        .select_related("user", "user__member_profile")
    )
    institution = (profile.institution if profile else "").strip()
    if institution and not include_own_institution:
        mentors = mentors.exclude(user__member_profile__institution__iexact=institution)
    offsets: dict = {}
    own_offset = _offset_hours(time_zone, now, offsets) if time_zone else None
    suggestions = []
    for mentor in mentors:
        expertise = words_of(mentor.keywords) | words_of(
            mentor.user.member_profile.research_interests
        )
        shared = sorted(wanted & expertise)
        places_left = mentor.capacity - mentor.active_pairings
        score = 10 * len(shared) + places_left
        if offer and offer in mentor.offers:
            score += 6
        if format and format in mentor.formats:
            score += 6
        hours_apart = None
        if own_offset is not None:
            theirs = _offset_hours(mentor.time_zone, now, offsets)
            if theirs is not None:
                hours_apart = round(abs(theirs - own_offset))
                score += max(0, 4 - hours_apart // 3)
        suggestions.append(
            Suggestion(mentor, score, shared, places_left, hours_apart, asked=mentor.asked)
        )
    suggestions.sort(key=lambda suggestion: (-suggestion.score, suggestion.mentor.pk))
    return suggestions[:limit]


def mentor_for_request(*, mentor_id: int, trainee) -> MentorProfile | None:
    """A listed mentor the trainee may ask (the suggestions' rules, for one mentor)."""
    return (
        _listed_mentors(on=timezone.localdate())
        .exclude(user=trainee)
        .select_related("user", "user__member_profile")
        .filter(pk=mentor_id)
        .first()
    )


# --- One's own requests and pairings ------------------------------------------------------


def requests_open_count(*, trainee) -> int:
    return MentorshipRequest.objects.filter(trainee=trainee, status=Status.PENDING).count()


def declined_before(*, trainee, mentor: MentorProfile) -> bool:
    return MentorshipRequest.objects.filter(
        trainee=trainee, mentor=mentor, status=Status.DECLINED
    ).exists()


@dataclass
class MyMentorship:
    mentor: MentorProfile | None
    sent: list[MentorshipRequest]
    received: list[MentorshipRequest]
    pairings: list[Pairing]


def my_mentorship(*, user) -> MyMentorship:
    """What /my/mentorship/ shows: one's mentor profile, requests sent and received, pairings
    on either side. Four queries."""
    mentor = mentor_profile_for(user=user)
    sent = list(MentorshipRequest.objects.filter(trainee=user).select_related("mentor__user")[:50])
    received = list(
        MentorshipRequest.objects.filter(mentor__user=user).select_related("trainee")[:50]
    )
    pairings = list(
        Pairing.objects.filter(Q(trainee=user) | Q(mentor__user=user))
        .select_related("trainee", "mentor__user")
        .order_by("ended_at", "-started_at")[:50]
    )
    return MyMentorship(mentor, sent, received, pairings)


def request_for_party(*, request_id: int, user) -> MentorshipRequest | None:
    """The request, for the trainee who sent it or the mentor asked; nobody else (its goals
    are private to them and to staff, who read it in the admin)."""
    if not user.is_authenticated:
        return None
    return (
        MentorshipRequest.objects.filter(pk=request_id)
        .filter(Q(trainee=user) | Q(mentor__user=user))
        .select_related("trainee", "mentor__user", "pairing")
        .first()
    )


def pairing_for_party(*, pairing_id: int, user) -> Pairing | None:
    if not user.is_authenticated:
        return None
    return (
        Pairing.objects.filter(pk=pairing_id)
        .filter(Q(trainee=user) | Q(mentor__user=user))
        .select_related("trainee", "mentor__user")
        .prefetch_related(Prefetch("feedback", queryset=Feedback.objects.filter(author=user)))
        .first()
    )


# --- Staff --------------------------------------------------------------------------------


def dashboard_counts() -> dict[str, int]:
    """For the staff dashboard: pairings under way, and trainees waiting for a mentor's answer.
    Two queries, whatever the numbers."""
    return Pairing.objects.aggregate(
        active_pairings=Count("pk", filter=Q(ended_at__isnull=True)),
    ) | MentorshipRequest.objects.filter(status=Status.PENDING).aggregate(
        waiting_trainees=Count("trainee", distinct=True)
    )


def dashboard_notes(*, now: datetime) -> list[tuple[str, str, str]]:
    """The staff dashboard's mentorship note (icis/site/dashboard/notes.py)."""
    counts = dashboard_counts()
    waiting = reverse("admin:mentorship_mentorshiprequest_changelist")
    return [
        (
            "Mentoring pairings under way",
            str(counts["active_pairings"]),
            reverse("admin:mentorship_pairing_changelist"),
        ),
        (
            "Trainees waiting for a mentor's answer",
            str(counts["waiting_trainees"]),
            f"{waiting}?status__exact={Status.PENDING}",
        ),
    ]


def feedback_summary() -> dict:
    """Feedback aggregated for staff: how many, the mean rating (None without any)."""
    return Feedback.objects.aggregate(count=Count("pk"), mean_rating=Avg("rating"))


# --- Speed mentoring ----------------------------------------------------------------------


def speed_sessions_published() -> list[SpeedSession]:
    return list(
        SpeedSession.objects.filter(is_published=True)
        .select_related("meeting")
        .order_by("-meeting__start_date", "pk")[:10]
    )


def speed_session_page(*, session_id: int, user) -> SpeedSession | None:
    """A published session with its tables (mentor, seats taken) and, for a signed-in person,
    their own seats. Three queries."""
    seats_taken = Count("seats", filter=Q(seats__waitlisted=False))
    session = (
        SpeedSession.objects.filter(pk=session_id, is_published=True)
        .select_related("meeting")
        .prefetch_related(
            Prefetch(
                "tables",
                queryset=SpeedTable.objects.select_related(
                    "mentor__user", "mentor__user__member_profile"
                ).annotate(taken=seats_taken),
            )
        )
        .first()
    )
    if session is None:
        return None
    mine = {}
    if user.is_authenticated:
        mine = {
            seat.table_id: seat
            for seat in SpeedSeat.objects.filter(table__session=session, trainee=user)
        }
    for table in session.tables.all():
        table.my_seat = mine.get(table.pk)
        table.places_left = max(0, table.capacity - table.taken)
    return session
