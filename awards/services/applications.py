"""Applying and nominating: starting, saving, submitting and withdrawing an application, and
erasing a person's applications with their account."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from icis.core.audit import audit_record
from icis.mail.services import email_queue

from .. import selectors
from ..audit import AwardAction
from ..exceptions import AwardError, NotEligible
from ..models import Application, AwardCycle, Document, PanelMember, Review
from ._common import (
    User,
    _candidate_snapshot,
    _draft_locked,
    _files_delete_after_commit,
    _locked,
    _locked_or_none,
    _require_open,
    _site,
)
from .abstracts import abstract_checked, abstract_problem

# --- Starting -----------------------------------------------------------------------------------


@transaction.atomic
def application_start(*, cycle: AwardCycle, user, now: datetime | None = None) -> Application:
    """Open the applicant's draft for this call, or return the one they already have (a
    withdrawn one is reopened). Refused, with the reasons, when they are not eligible."""
    now = now or timezone.now()
    if not cycle.takes_applications:
        raise AwardError(f"{cycle.program.name} is given by nomination only.")
    _require_open(cycle, now)
    existing = _locked_or_none(
        Application, cycle=cycle, created_by=user, kind=Application.Kind.APPLICATION
    )
    if existing and existing.status != Application.Status.WITHDRAWN:
        return existing
    problems = selectors.candidate_problems(program=cycle.program, cycle=cycle, user=user)
    if problems:
        raise NotEligible(" ".join(problems))
    if existing:
        existing.status = Application.Status.DRAFT
        existing.withdrawn_at = None
        existing.save(update_fields=["status", "withdrawn_at", "updated_at"])
        audit_record(actor=user, action=AwardAction.APPLICATION_REOPENED, target=existing, now=now)
        return existing
    try:
        with transaction.atomic():
            application = Application.objects.create(
                cycle=cycle,
                kind=Application.Kind.APPLICATION,
                created_by=user,
                **_candidate_snapshot(user),
            )
    except IntegrityError:  # the same person, in another tab, a moment before
        return Application.objects.get(cycle=cycle, created_by=user, kind="application")
    audit_record(actor=user, action=AwardAction.APPLICATION_STARTED, target=application, now=now)
    return application


@dataclass(frozen=True)
class Nominee:
    name: str
    email: str
    institution: str


@transaction.atomic
def nomination_start(
    *, cycle: AwardCycle, user, nominee: Nominee, now: datetime | None = None
) -> Application:
    """A member proposes someone. The nominee's account, if they have one, is linked by email;
    their profile is then checked against the rules like an applicant's."""
    now = now or timezone.now()
    if not cycle.takes_nominations:
        raise AwardError(f"{cycle.program.name} takes applications, not nominations.")
    _require_open(cycle, now)
    problems = selectors.nominator_problems(user=user)
    if problems:
        raise NotEligible(" ".join(problems))
    email = nominee.email.strip().lower()
    if email == user.email.lower():
        raise AwardError(
            "You cannot nominate yourself; apply instead if the award takes applications."
        )
    candidate = (
        get_user_model()
        .objects.filter(email__iexact=email)
        .select_related("member_profile")
        .first()
    )
    if candidate is not None:
        problems = selectors.candidate_problems(
            program=cycle.program, cycle=cycle, user=candidate, nominee=True
        )
        if problems:
            raise NotEligible(
                f"From {nominee.name}'s profile on this site, they are not eligible: "
                + " ".join(problems)
            )
    same = {
        "cycle": cycle,
        "created_by": user,
        "kind": Application.Kind.NOMINATION,
        "candidate_email": email,
    }
    existing = _locked_or_none(Application, **same)
    if existing and existing.status != Application.Status.WITHDRAWN:
        return existing
    if existing:  # withdrawn earlier: the same nomination is reopened, as for an application
        existing.status = Application.Status.DRAFT
        existing.withdrawn_at = None
        existing.save(update_fields=["status", "withdrawn_at", "updated_at"])
        audit_record(actor=user, action=AwardAction.NOMINATION_REOPENED, target=existing, now=now)
        return existing
    snapshot = _candidate_snapshot(candidate) if candidate else {}
    snapshot.update(candidate_email=email, candidate_name=nominee.name.strip())
    if nominee.institution.strip() or not snapshot.get("candidate_institution"):
        snapshot["candidate_institution"] = nominee.institution.strip()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                cycle=cycle, kind=Application.Kind.NOMINATION, created_by=user, **snapshot
            )
    except IntegrityError:  # the same nomination, from another tab, a moment before
        return Application.objects.get(**same)
    audit_record(actor=user, action=AwardAction.NOMINATION_STARTED, target=application, now=now)
    return application


# --- Drafting -----------------------------------------------------------------------------------


@transaction.atomic
def application_save(
    *,
    application_id: int,
    user,
    title: str,
    summary: str,
    declaration_confirmed: bool,
    abstract_id: int | None = None,
    now: datetime | None = None,
) -> Application:
    """Save the draft as it stands; nothing is required until submit (an abstract chosen must
    be one of the applicant's own that the call accepts)."""
    now = now or timezone.now()
    application = _draft_locked(application_id, user=user, now=now)
    application.title = title.strip()[:300]
    application.summary = summary.strip()[:3000]
    application.declaration_confirmed = declaration_confirmed
    application.abstract_id = abstract_checked(application=application, abstract_id=abstract_id)
    application.save(
        update_fields=["title", "summary", "declaration_confirmed", "abstract", "updated_at"]
    )
    return application


# --- Submitting ---------------------------------------------------------------------------------


def submission_problems(application: Application) -> list[str]:
    """Everything still missing before the application can be submitted."""
    cycle = application.cycle
    problems = []
    if not application.title:
        problems.append("Give the application a title.")
    if not application.summary:
        problems.append("Write the summary.")
    if cycle.program.declaration and not application.declaration_confirmed:
        problems.append("Confirm the statement about eligibility.")
    uploaded = {document.kind for document in application.files.all()}
    for requirement in cycle.documents.all():
        if requirement.kind not in uploaded:
            label = requirement.get_kind_display()
            label = label if label.isupper() else label[0].lower() + label[1:]  # "CV" stays
            problems.append(f"Upload your {label}.")
    if problem := abstract_problem(application):
        problems.append(problem)
    asked = application.referees.count()
    if asked < cycle.letters_required:
        needed = cycle.letters_required
        problems.append(
            f"Ask {needed} referee{'s' if needed > 1 else ''} for a letter ({asked} asked so far)."
        )
    return problems


@transaction.atomic
def application_submit(*, application_id: int, user, now: datetime | None = None) -> Application:
    """Eligibility is checked again (the profile may have changed since the draft began), then
    the application is locked for judging."""
    now = now or timezone.now()
    application = _draft_locked(application_id, user=user, now=now)
    cycle = application.cycle
    if application.candidate_id:
        candidate = User.objects.select_related("member_profile").get(pk=application.candidate_id)
        problems = selectors.candidate_problems(
            program=cycle.program, cycle=cycle, user=candidate, nominee=application.is_nomination
        )
        if problems:
            raise NotEligible(" ".join(problems))
        if not application.is_nomination:
            for key, value in _candidate_snapshot(candidate).items():
                setattr(application, key, value)
    if application.is_nomination:
        problems = selectors.nominator_problems(user=user)
        if problems:
            raise NotEligible(" ".join(problems))
    missing = submission_problems(application)
    if missing:
        raise AwardError("Not yet complete: " + " ".join(missing))
    application.status = Application.Status.SUBMITTED
    application.submitted_at = now
    application.save()
    email_queue(
        to=user.email,
        template="awards/email/submitted",
        context={
            "name": user.get_full_name(),
            "kind": application.get_kind_display().lower(),
            "candidate_name": application.candidate_name,
            "award": str(cycle),
            "closes_at": timezone.localtime(cycle.closes_at).strftime("%d %B %Y, %H:%M %Z"),
            "application_url": _site(application.get_absolute_url()),
        },
        dedupe_key=f"award-submitted:{application.pk}",
        now=now,
    )
    audit_record(actor=user, action=AwardAction.APPLICATION_SUBMITTED, target=application, now=now)
    return application


@transaction.atomic
def application_withdraw(*, application_id: int, user, now: datetime | None = None) -> Application:
    """Before the deadline an applicant may withdraw, and start again later if they wish."""
    now = now or timezone.now()
    application = _locked(application_id, user=user)
    if application.status == Application.Status.WITHDRAWN:
        return application
    _require_open(application.cycle, now)
    application.status = Application.Status.WITHDRAWN
    application.withdrawn_at = now
    application.submitted_at = None
    application.save(update_fields=["status", "withdrawn_at", "submitted_at", "updated_at"])
    # A withdrawn application leaves the panel's lists; scores already given go with it.
    application.reviews.all().delete()
    audit_record(actor=user, action=AwardAction.APPLICATION_WITHDRAWN, target=application, now=now)
    return application


@transaction.atomic
def account_erase(*, user, now: datetime | None = None) -> None:
    """A person deletes their account: their applications and the nominations they made go,
    with their files, letters and reviews; so do the reviews they wrote and their places on
    panels. A recipient listing stays on the award's public list, no longer linked."""
    now = now or timezone.now()
    applications = Application.objects.filter(created_by=user)
    files = list(
        Document.objects.filter(application__in=applications).values_list("file", flat=True)
    )
    erased = {
        "applications": applications.count(),
        "reviews": Review.objects.filter(reviewer=user).count(),
    }
    Review.objects.filter(reviewer=user).delete()
    PanelMember.objects.filter(reviewer=user).delete()
    applications.delete()
    _files_delete_after_commit(files)
    audit_record(actor=None, action=AwardAction.ACCOUNT_ERASED, data=erased, now=now)
