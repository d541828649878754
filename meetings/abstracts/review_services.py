"""Reviewing and deciding abstracts: the engine's services (`icis.review.services`) under the
abstracts' names, and what is the abstracts' own: the call's default rubric, the presenting
author's confirmation, freeing an accepted abstract's slot when it is withdrawn, and the
reminder to register before the call's date."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.mail.services import email_queue
from icis.review import services as engine

from . import markup
from .audit import AbstractAction
from .exceptions import AbstractError
from .models import Abstract, AbstractCall
from .models_review import DEFAULT_RUBRIC, AbstractCriterion
from .review_selectors import unregistered_presenters
from .reviewing import ACCEPTED, abstract_reviews, site_url

# Accepted presenters not registered are reminded this many days before the call's date.
PRESENTER_REMINDER_DAYS = 14


def rubric_default(*, call: AbstractCall) -> int:
    """Give a call without a rubric the default one (staff change it in the admin). Returns
    how many criteria were added."""
    if AbstractCriterion.objects.filter(call=call).exists():
        return 0
    AbstractCriterion.objects.bulk_create(
        [
            AbstractCriterion(call=call, name=name, guidance=guidance, weight=weight, ordering=i)
            for i, (name, guidance, weight) in enumerate(DEFAULT_RUBRIC)
        ],
        ignore_conflicts=True,
    )
    return len(DEFAULT_RUBRIC)


def review_assign(*, abstract_id: int, reviewer, actor, now: datetime | None = None):
    return engine.review_assign(
        kind=abstract_reviews, item_id=abstract_id, reviewer=reviewer, actor=actor, now=now
    )


def reviews_assign_automatic(*, call: AbstractCall, actor, now: datetime | None = None):
    """Every submitted abstract gets the call's number of reviewers judging its topic: least
    loaded first, the most constrained abstracts choosing first, never a conflict."""
    return engine.reviews_assign_automatic(kind=abstract_reviews, round=call, actor=actor, now=now)


def conflict_declare(*, review_id: int, reviewer, reason: str, now: datetime | None = None):
    return engine.conflict_declare(
        kind=abstract_reviews, review_id=review_id, reviewer=reviewer, reason=reason, now=now
    )


def conflict_record(*, abstract_id: int, reviewer, reason: str, actor, now: datetime | None = None):
    return engine.conflict_record(
        kind=abstract_reviews,
        item_id=abstract_id,
        reviewer=reviewer,
        reason=reason,
        actor=actor,
        now=now,
    )


def review_save(*, review_id: int, reviewer, scores: dict, comment: str, submit: bool, now=None):
    return engine.review_save(
        kind=abstract_reviews,
        review_id=review_id,
        reviewer=reviewer,
        scores=scores,
        comment=comment,
        submit=submit,
        now=now,
    )


def decision_record(
    *,
    abstract_id: int,
    decision: str,
    session_id: int | None = None,
    actor,
    now: datetime | None = None,
) -> Abstract:
    """Staff record (or change, or clear) a decision; an oral one names its program session.
    Nothing is sent until the decisions are released."""
    return engine.decision_record(
        kind=abstract_reviews,
        item_id=abstract_id,
        decision=decision,
        session_id=session_id,
        actor=actor,
        now=now,
    )


def decisions_release(*, call: AbstractCall, actor, now: datetime | None = None):
    """Send every recorded, unsent decision of the call at once: talks and boards made, one
    email each, whoever presses the button and however often."""
    return engine.decisions_release(kind=abstract_reviews, round=call, actor=actor, now=now)


@transaction.atomic
def presenter_confirm(*, abstract_id: int, user, now: datetime | None = None) -> Abstract:
    """The submitter or the presenting author confirms the abstract will be presented."""
    now = now or timezone.now()
    try:
        abstract = lock_one(Abstract, pk=abstract_id)
    except Abstract.DoesNotExist:
        raise AbstractError("There is no such abstract.") from None
    presenting = abstract.authors.filter(is_presenting=True).first()
    if abstract.submitter_id != user.pk and (presenting is None or presenting.user_id != user.pk):
        raise AbstractError("Only the submitter or the presenting author can confirm.")
    if (
        abstract.status != Abstract.Status.SUBMITTED
        or abstract.decision not in ACCEPTED
        or not abstract.decision_released_at
    ):
        raise AbstractError("Only an accepted abstract is confirmed for presenting.")
    if abstract.presenter_confirmed_at is None:
        abstract.presenter_confirmed_at = now
        abstract.save(update_fields=["presenter_confirmed_at", "updated_at"])
        audit_record(actor=user, action=AbstractAction.PRESENTER_CONFIRMED, target=abstract)
    return abstract


def slot_free(abstract: Abstract, *, actor, now: datetime) -> None:
    """An accepted abstract was withdrawn (inside the withdrawal's transaction): its talk
    leaves the program, its board is free, and the office is told once."""
    if abstract.decision not in ACCEPTED or not abstract.decision_released_at:
        return
    freed = abstract.board_number or (str(abstract.talk) if abstract.talk_id else "")
    if abstract.talk_id:
        talk = abstract.talk
        abstract.talk = None
        abstract.save(update_fields=["talk", "updated_at"])
        talk.delete()
    abstract.board_number = ""
    abstract.save(update_fields=["board_number", "updated_at"])
    audit_record(
        actor=actor, action=AbstractAction.SLOT_FREED, target=abstract, data={"freed": freed}
    )
    email_queue(
        to=settings.SOCIETY_OFFICE_EMAIL,
        template="abstracts/email/withdrawn_after_acceptance",
        context={
            "number": abstract.number,
            "title": markup.plain(abstract.title),
            "meeting": abstract.call.meeting.name,
            "decision_label": abstract.get_decision_display(),
            "freed": freed,
        },
        dedupe_key=f"abstract-withdrawn-after-acceptance:{abstract.pk}",
        now=now,
    )


def presenters_remind(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Remind, once, each accepted abstract's submitter whose presenting author is not
    registered, when the call's "registered by" day is at most PRESENTER_REMINDER_DAYS away
    (and not past). A run the scheduler missed catches up before the day."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due_calls = AbstractCall.objects.filter(
        presenter_registered_by__gte=today,
        presenter_registered_by__lte=today + timedelta(days=PRESENTER_REMINDER_DAYS),
    )
    candidates = unregistered_presenters(
        Abstract.objects.filter(call__in=due_calls, presenter_reminded_at__isnull=True)
    )
    due = candidates.select_related("call__meeting", "submitter").order_by("pk")[:limit]
    sent = 0
    for abstract in due:
        with transaction.atomic():
            if not Abstract.objects.filter(
                Q(presenter_reminded_at__isnull=True), pk=abstract.pk
            ).update(presenter_reminded_at=now):
                continue  # another run took it
            email_queue(
                to=abstract.submitter.email,
                template="abstracts/email/register_reminder",
                context={
                    "name": abstract.submitter.get_full_name() or abstract.submitter.email,
                    "number": abstract.number,
                    "title": markup.plain(abstract.title),
                    "meeting": abstract.call.meeting.name,
                    "presenter": abstract.presenter_name or "",
                    "registered_by": f"{abstract.call.presenter_registered_by:%d %B %Y}",
                    "meeting_url": site_url(abstract.call.meeting.get_absolute_url()),
                },
                dedupe_key=f"abstract-register-reminder:{abstract.pk}",
                now=now,
            )
            sent += 1
    return sent
