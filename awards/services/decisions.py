"""Decisions: recording them, releasing them all at once, and the emails that tell people."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record
from icis.mail.services import email_queue

from ..audit import AwardAction
from ..exceptions import AwardError
from ..models import Application, AwardCycle
from ._common import _locked, _locked_or_none, _site
from .benefits import _benefits_apply, grants_registration


@transaction.atomic
def decision_record(
    *, application_id: int, decision: str, citation: str = "", actor, now: datetime | None = None
) -> Application:
    """Staff record (or change, or clear) a decision. Nothing is sent until the decisions are
    released; a released decision is final."""
    now = now or timezone.now()
    application = _locked(application_id)
    if application.status != Application.Status.SUBMITTED:
        raise AwardError("Only submitted applications can be decided.")
    if decision and decision not in Application.Decision.values:
        raise AwardError("Choose awarded, waiting list or not selected.")
    if application.decision_released_at:
        # Sent decisions are final, except that someone on the waiting list can still be
        # given an award that became free; releasing again then sends that news.
        promoted = (
            application.decision == Application.Decision.WAITLISTED
            and decision == Application.Decision.AWARDED
        )
        if not promoted:
            raise AwardError(
                f"The decision on {application.candidate_name} was sent on "
                f"{timezone.localtime(application.decision_released_at):%d %B %Y}; it is final "
                "(only someone on the waiting list can still be awarded)."
            )
        application.decision_released_at = None
    application.decision = decision
    application.citation = citation.strip()[:300]
    application.decided_at = now if decision else None
    application.decided_by = actor if decision else None
    application.save(
        update_fields=[
            "decision",
            "citation",
            "decided_at",
            "decided_by",
            "decision_released_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=AwardAction.DECISION_RECORDED,
        target=application,
        data={"decision": decision},
        now=now,
    )
    return application


def decisions_pending(cycle: AwardCycle):
    return cycle.applications.filter(
        status=Application.Status.SUBMITTED, decision_released_at__isnull=True
    ).exclude(decision="")


@dataclass(frozen=True)
class ReleaseResult:
    sent: int
    awarded: int
    notes: list[str]


def decisions_release(*, cycle: AwardCycle, actor, now: datetime | None = None) -> ReleaseResult:
    """Send every recorded, unsent decision at once and apply what each award grants. Each
    application is released in its own transaction, so one that cannot be granted (the
    meeting is full, say) keeps its note and the others still go; each email goes out once,
    whoever presses the button and however often."""
    now = now or timezone.now()
    sent = awarded = 0
    notes = []
    for application_id in decisions_pending(cycle).values_list("pk", flat=True):
        released = _decision_release(application_id=application_id, actor=actor, now=now)
        if released is None:
            continue
        sent += 1
        if released.decision == Application.Decision.AWARDED:
            awarded += 1
        if released.benefits_note:
            notes.append(f"{released.candidate_name}: {released.benefits_note}")
    audit_record(
        actor=actor,
        action=AwardAction.DECISIONS_RELEASED,
        target=cycle,
        data={"sent": sent},
        now=now,
    )
    return ReleaseResult(sent=sent, awarded=awarded, notes=notes)


@transaction.atomic
def _decision_release(*, application_id: int, actor, now: datetime) -> Application | None:
    application = _locked_or_none(
        Application.objects.select_related("cycle__program", "cycle__meeting", "created_by")
        .filter(decision_released_at__isnull=True)
        .exclude(decision=""),
        of=("self",),
        skip_locked=True,
        pk=application_id,
    )
    if application is None:  # released meanwhile, or being released by someone else now
        return None
    notes, granted = [], set()
    if application.decision == Application.Decision.AWARDED:
        notes, granted = _benefits_apply(application, actor=actor, now=now)
    application.decision_released_at = now
    application.benefits_note = " ".join(notes)[:500]
    application.save(update_fields=["decision_released_at", "benefits_note", "updated_at"])
    for to in decision_recipients(application):
        email_queue(
            to=to,
            template=f"awards/email/decision_{application.decision}",
            context=decision_email_context(application, to=to, granted=granted),
            dedupe_key=f"award-decision:{application.pk}:{application.decision}:{to}",
            now=now,
        )
    audit_record(
        actor=actor,
        action=AwardAction.DECISION_RELEASED,
        target=application,
        data={"decision": application.decision},
        now=now,
    )
    return application


def decision_recipients(application: Application) -> list[str]:
    """Who hears the decision: the applicant or nominator, and an awarded nominee as well."""
    recipients = {application.created_by.email}
    if (
        application.is_nomination
        and application.candidate_email
        and application.decision == Application.Decision.AWARDED
    ):
        recipients.add(application.candidate_email)
    return sorted(recipients)


def decision_email_context(
    application: Application, *, to: str, granted: set[str] | None = None
) -> dict:
    """The decision email's context: what is sent, and what the release preview shows.

    `granted` is what the release actually gave ("membership", "registration"); the preview,
    before anything is given, shows what the program promises. Only the candidate is told
    what is in their account: never the nominator."""
    cycle = application.cycle
    program = cycle.program
    if granted is None:
        granted = set()
        if grants_registration(application):
            granted.add("registration")
        if program.grants_membership_type_id:
            granted.add("membership")
    to_candidate = not application.is_nomination or to == application.candidate_email
    return {
        "candidate_name": application.candidate_name,
        "is_nomination": application.is_nomination,
        "to_candidate": to == application.candidate_email,
        "award": str(cycle),
        "program_url": _site(program.get_absolute_url()),
        "meeting_name": cycle.meeting.name if cycle.meeting else "",
        "registration_granted": to_candidate and "registration" in granted,
        "membership_granted": to_candidate and "membership" in granted,
        "citation": application.citation,
        "note": getattr(cycle, f"decision_note_{application.decision}", ""),
    }
