"""Mentorship's writes: a mentor's profile, requests and their answers, pairings with their
goals, check-ins, end and feedback. Emails go through the outbox; speed mentoring is in
`speed_services`."""

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_all, lock_one
from icis.mail.services import email_queue

from . import selectors
from .audit import MentorshipAction
from .exceptions import MentorshipError
from .models import CheckInSent, Feedback, Format, MentorProfile, MentorshipRequest, Pairing

Status = MentorshipRequest.Status


def _name(user) -> str:
    return user.get_full_name() or user.email


# --- Mentors ------------------------------------------------------------------------------


@transaction.atomic
def mentor_profile_save(
    *,
    user,
    keywords: str,
    offers: list[str],
    formats: list[str],
    capacity: int,
    languages: str,
    time_zone: str,
    is_paused: bool,
    now: datetime | None = None,
) -> MentorProfile:
    """Opt in as a mentor, or change what one offers (or pause)."""
    now = now or timezone.now()
    problem = selectors.mentor_eligibility_problem(user=user, on=timezone.localdate(now))
    if problem:
        raise MentorshipError(problem)
    mentor, created = MentorProfile.objects.update_or_create(
        user=user,
        defaults={
            "keywords": keywords.strip(),
            "offers": list(offers),
            "formats": list(formats),
            "capacity": capacity,
            "languages": languages.strip(),
            "time_zone": time_zone,
            "is_paused": is_paused,
        },
    )
    audit_record(
        actor=user,
        action=MentorshipAction.MENTOR_SAVED,
        target=mentor,
        data={"created": created, "paused": is_paused, "capacity": capacity},
        now=now,
    )
    return mentor


@transaction.atomic
def mentor_staff_pause(*, mentor_id: int, paused: bool, actor, now: datetime | None = None):
    """Staff take a mentor out of the suggestions (or put them back). Pairings under way go on."""
    now = now or timezone.now()
    mentor = lock_one(MentorProfile, pk=mentor_id)
    if paused == (mentor.staff_paused_at is not None):
        return mentor
    mentor.staff_paused_at = now if paused else None
    mentor.save(update_fields=["staff_paused_at", "updated_at"])
    audit_record(
        actor=actor,
        action=MentorshipAction.MENTOR_STAFF_PAUSED
        if paused
        else MentorshipAction.MENTOR_STAFF_RESUMED,
        target=mentor,
        now=now,
    )
    return mentor


# --- Requests -----------------------------------------------------------------------------


def _request_email(request: MentorshipRequest, *, to_mentor: bool, template: str, now) -> None:
    person = request.mentor.user if to_mentor else request.trainee
    email_queue(
        to=person.email,
        template=f"mentorship/email/{template}",
        context={
            "name": person.get_short_name() or _name(person),
            "mentor_name": _name(request.mentor.user),
            "trainee_name": _name(request.trainee),
            "topics": request.topics,
            "format": request.get_format_display(),
            "note": request.note,
            "answer_by": f"{request.answer_by:%-d %B %Y}",
            "request_url": reverse("mentorship:request", kwargs={"request_id": request.pk}),
        },
        dedupe_key=f"mentorship:{template}:{request.pk}",
        now=now,
    )


@transaction.atomic
def request_send(
    *,
    trainee,
    mentor_id: int,
    goals: str,
    topics: str,
    format: str,
    now: datetime | None = None,
) -> MentorshipRequest:
    """A trainee asks a mentor. One request waits at a time (MENTORSHIP_OPEN_REQUESTS); the
    mentor has MENTORSHIP_ANSWER_DAYS to answer."""
    now = now or timezone.now()
    problem = selectors.trainee_eligibility_problem(user=trainee, on=timezone.localdate(now))
    if problem:
        raise MentorshipError(problem)
    mentor = selectors.mentor_for_request(mentor_id=mentor_id, trainee=trainee)
    if mentor is None or selectors.declined_before(trainee=trainee, mentor=mentor):
        raise MentorshipError("This mentor is not taking requests now. Please choose another.")
    if format not in mentor.formats:
        raise MentorshipError("This mentor does not offer that format.")
    # One trainee's requests are counted under a lock on their own rows, so two quick clicks
    # cannot both pass the limit.
    lock_all(MentorshipRequest.objects.filter(trainee=trainee, status=Status.PENDING))
    if selectors.requests_open_count(trainee=trainee) >= settings.MENTORSHIP_OPEN_REQUESTS:
        allowed = settings.MENTORSHIP_OPEN_REQUESTS
        raise MentorshipError(
            "You are waiting for an answer already: one request at a time."
            if allowed == 1
            else f"You are waiting for {allowed} answers already: at most {allowed} at a time."
        )
    if MentorshipRequest.objects.filter(
        trainee=trainee, mentor=mentor, status=Status.PENDING
    ).exists():
        raise MentorshipError("You have asked this mentor already.")
    request = MentorshipRequest.objects.create(
        trainee=trainee,
        mentor=mentor,
        goals=goals.strip(),
        topics=topics.strip(),
        format=format,
        created_at=now,
        answer_by=now + timedelta(days=settings.MENTORSHIP_ANSWER_DAYS),
    )
    _request_email(request, to_mentor=True, template="request_received", now=now)
    audit_record(actor=trainee, action=MentorshipAction.REQUEST_SENT, target=request, now=now)
    return request


def _pending_for_mentor(*, request_id: int, user, now: datetime) -> MentorshipRequest:
    request = lock_one(
        MentorshipRequest.objects.select_related("mentor__user", "trainee"),
        of=("self",),
        pk=request_id,
    )
    if request.mentor.user_id != user.pk:
        raise MentorshipError("Only the mentor asked can answer this request.")
    if request.status != Status.PENDING:
        raise MentorshipError(f"This request is no longer waiting: {request.get_status_display()}.")
    if request.answer_by <= now:
        raise MentorshipError("This request has expired: the trainee may ask again.")
    return request


@transaction.atomic
def request_accept(
    *, request_id: int, user, note: str = "", now: datetime | None = None
) -> Pairing:
    """The mentor accepts: a pairing starts and both are introduced by email. The mentor's
    places are counted under a lock on their profile, so ten acceptances at the same moment
    can never fill more places than the mentor offers."""
    now = now or timezone.now()
    mentor_id = (
        MentorshipRequest.objects.filter(pk=request_id).values_list("mentor_id", flat=True).first()
    )
    if mentor_id is None:
        raise MentorshipError("There is no such request.")
    mentor = lock_one(MentorProfile, pk=mentor_id)
    request = _pending_for_mentor(request_id=request_id, user=user, now=now)
    active = mentor.pairings.filter(ended_at__isnull=True).count()
    if active >= mentor.capacity:
        raise MentorshipError(
            "Your places are all taken: raise how many mentees you take at once, or decline."
        )
    request.status = Status.ACCEPTED
    request.note = note.strip()
    request.answered_at = now
    request.save(update_fields=["status", "note", "answered_at"])
    pairing = Pairing.objects.create(
        request=request,
        mentor=mentor,
        trainee=request.trainee,
        format=request.format,
        goals=request.goals,
        started_at=now,
        next_check_in_on=(
            timezone.localdate(now) + relativedelta(months=1)
            if request.format == Format.PAIRING
            else None
        ),
    )
    for person, other in ((request.trainee, mentor.user), (mentor.user, request.trainee)):
        email_queue(
            to=person.email,
            template="mentorship/email/introduction",
            context={
                "name": person.get_short_name() or _name(person),
                "other_name": _name(other),
                "other_email": other.email,
                "is_mentor": person.pk == mentor.user_id,
                "format": pairing.get_format_display(),
                "note": request.note,
                "pairing_url": pairing.get_absolute_url(),
            },
            dedupe_key=f"mentorship:introduction:{pairing.pk}:{person.pk}",
            now=now,
        )
    audit_record(actor=user, action=MentorshipAction.REQUEST_ACCEPTED, target=request, now=now)
    return pairing


@transaction.atomic
def request_decline(
    *, request_id: int, user, note: str = "", now: datetime | None = None
) -> MentorshipRequest:
    """The mentor declines (with a note if they like); the trainee is told and is not shown
    this mentor again."""
    now = now or timezone.now()
    request = _pending_for_mentor(request_id=request_id, user=user, now=now)
    request.status = Status.DECLINED
    request.note = note.strip()
    request.answered_at = now
    request.save(update_fields=["status", "note", "answered_at"])
    _request_email(request, to_mentor=False, template="request_declined", now=now)
    audit_record(actor=user, action=MentorshipAction.REQUEST_DECLINED, target=request, now=now)
    return request


@transaction.atomic
def request_withdraw(*, request_id: int, user, now: datetime | None = None) -> MentorshipRequest:
    now = now or timezone.now()
    request = lock_one(MentorshipRequest, pk=request_id)
    if request.trainee_id != user.pk or request.status != Status.PENDING:
        raise MentorshipError("Only a request still waiting can be withdrawn, by who sent it.")
    request.status = Status.WITHDRAWN
    request.answered_at = now
    request.save(update_fields=["status", "answered_at"])
    audit_record(actor=user, action=MentorshipAction.REQUEST_WITHDRAWN, target=request, now=now)
    return request


@transaction.atomic
def requests_expire(*, now: datetime | None = None) -> int:
    """Requests left unanswered past their answer day expire; each trainee is told, once."""
    now = now or timezone.now()
    due = lock_all(
        MentorshipRequest.objects.filter(status=Status.PENDING, answer_by__lte=now)
        .select_related("mentor__user", "trainee")
        .order_by("pk"),
        of=("self",),
        skip_locked=True,
    )
    for request in due:
        request.status = Status.EXPIRED
        request.save(update_fields=["status"])
        _request_email(request, to_mentor=False, template="request_expired", now=now)
        audit_record(actor=None, action=MentorshipAction.REQUEST_EXPIRED, target=request, now=now)
    return len(due)


# --- Pairings -----------------------------------------------------------------------------


def _pairing_for(pairing_id: int, user) -> Pairing:
    pairing = lock_one(
        Pairing.objects.select_related("mentor__user", "trainee"), of=("self",), pk=pairing_id
    )
    if user.pk not in (pairing.trainee_id, pairing.mentor.user_id):
        raise MentorshipError("Only the mentor and the trainee can change their pairing.")
    return pairing


@transaction.atomic
def pairing_goals_save(*, pairing_id: int, user, goals: str, now: datetime | None = None):
    now = now or timezone.now()
    pairing = _pairing_for(pairing_id, user)
    pairing.goals = goals.strip()
    pairing.save(update_fields=["goals"])
    audit_record(actor=user, action=MentorshipAction.PAIRING_GOALS_SAVED, target=pairing, now=now)
    return pairing


@transaction.atomic
def pairing_end(*, pairing_id: int, user, now: datetime | None = None) -> Pairing:
    """Either side ends the pairing; the mentor's place is free again and both may give
    feedback."""
    now = now or timezone.now()
    pairing = _pairing_for(pairing_id, user)
    if pairing.ended_at is None:
        pairing.ended_at = now
        pairing.next_check_in_on = None
        pairing.save(update_fields=["ended_at", "next_check_in_on"])
        audit_record(actor=user, action=MentorshipAction.PAIRING_ENDED, target=pairing, now=now)
    return pairing


@transaction.atomic
def feedback_give(
    *, pairing_id: int, user, rating: int, comments: str, now: datetime | None = None
) -> Feedback:
    """One side's feedback at the end of a pairing, read by staff only."""
    now = now or timezone.now()
    pairing = _pairing_for(pairing_id, user)
    if pairing.ended_at is None:
        raise MentorshipError("Feedback is given when the pairing has ended.")
    feedback, _ = Feedback.objects.update_or_create(
        pairing=pairing,
        author=user,
        defaults={"rating": rating, "comments": comments.strip(), "created_at": now},
    )
    audit_record(actor=user, action=MentorshipAction.FEEDBACK_GIVEN, target=pairing, now=now)
    return feedback


@transaction.atomic
def check_ins_send(*, now: datetime | None = None) -> int:
    """Monthly check-in reminders that are due and not sent yet, to both sides of each pairing
    under way. A reminder is recorded per pairing and due day, so it goes exactly once however
    often this runs."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    pairings = lock_all(
        Pairing.objects.filter(ended_at__isnull=True, next_check_in_on__lte=today)
        .select_related("mentor__user", "trainee")
        .order_by("pk"),
        of=("self",),
        skip_locked=True,
    )
    sent = 0
    for pairing in pairings:
        due_on = pairing.next_check_in_on
        _, created = CheckInSent.objects.get_or_create(
            pairing=pairing, due_on=due_on, defaults={"sent_at": now}
        )
        if created:
            for person, other in (
                (pairing.trainee, pairing.mentor.user),
                (pairing.mentor.user, pairing.trainee),
            ):
                email_queue(
                    to=person.email,
                    template="mentorship/email/check_in",
                    context={
                        "name": person.get_short_name() or _name(person),
                        "other_name": _name(other),
                        "pairing_url": pairing.get_absolute_url(),
                    },
                    dedupe_key=f"mentorship:check_in:{pairing.pk}:{due_on}:{person.pk}",
                    now=now,
                )
            sent += 1
        pairing.next_check_in_on = due_on + relativedelta(months=1)
        pairing.save(update_fields=["next_check_in_on"])
    return sent
