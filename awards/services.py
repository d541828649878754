"""Awards' writes: applying and nominating, files and referee letters, assigning and scoring,
decisions and what an award grants.

Every change an applicant makes locks the application row and checks the deadline on the
server, so a form kept open past the deadline, or two tabs, cannot change a closed call."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.mail.services import email_queue
from meetings import registration as meeting_registration
from meetings.exceptions import RegistrationError
from members import services as member_services

from . import selectors
from .documents import (
    document_file_write,
    files_removed_on_rollback,
    pdf_check,
    pdf_display_name,
)
from .exceptions import AwardError, CallClosed, NotEligible
from .models import (
    Application,
    AwardCycle,
    Conflict,
    Criterion,
    Document,
    DocumentKind,
    PanelMember,
    Recipient,
    RefereeRequest,
    Review,
    Score,
    weighted_mean,
)

User = get_user_model()

REFEREE_SALT = "awards.referee-letter"
REFEREE_LINK_DAYS = 30


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _locked_or_none(queryset, *, of: tuple[str, ...] = (), skip_locked: bool = False, **lookup):
    """The one row `lookup` finds (at most one: a primary key or a unique constraint), locked;
    None when there is none (or, with `skip_locked`, when someone else holds it)."""
    model = queryset if isinstance(queryset, type) else queryset.model
    try:
        return lock_one(queryset, of=of, skip_locked=skip_locked, **lookup)
    except model.DoesNotExist:
        return None


def _locked(application_id: int, *, user=None) -> Application:
    """The application, locked for a change; with `user`, only if they wrote it. Callers check
    the status and the deadline, which differ by change."""
    try:
        application = lock_one(
            Application.objects.select_related("cycle__program"),
            of=("self",),
            pk=application_id,
            **({"created_by": user} if user is not None else {}),
        )
    except Application.DoesNotExist:
        raise AwardError("There is no such application.") from None
    return application


def _draft_locked(application_id: int, *, user, now: datetime) -> Application:
    """The applicant's own draft, locked, while its call is open: where every change an
    applicant makes to an application begins."""
    application = _locked(application_id, user=user)
    _require_draft(application)
    _require_open(application.cycle, now)
    return application


def _require_open(cycle: AwardCycle, now: datetime) -> None:
    if now < cycle.opens_at:
        raise CallClosed(f"The call for {cycle} has not opened yet.")
    if now >= cycle.closes_at:
        raise CallClosed(
            f"The call for {cycle} closed on "
            f"{timezone.localtime(cycle.closes_at):%d %B %Y at %H:%M %Z}; nothing can be changed."
        )


def _require_draft(application: Application) -> None:
    if application.status == Application.Status.SUBMITTED:
        raise AwardError("This application has been submitted and can no longer be changed.")
    if application.status == Application.Status.WITHDRAWN:
        raise AwardError("This application was withdrawn.")


# --- Starting -----------------------------------------------------------------------------------


def _candidate_snapshot(user) -> dict:
    profile = getattr(user, "member_profile", None)
    return {
        "candidate": user,
        "candidate_name": user.get_full_name() or user.email,
        "candidate_email": user.email,
        "candidate_institution": getattr(profile, "institution", ""),
        "candidate_career_stage": getattr(profile, "career_stage", ""),
        "candidate_degree_year": getattr(profile, "degree_year", None),
    }


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
        audit_record(actor=user, action="award.application_reopened", target=existing, now=now)
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
    audit_record(actor=user, action="award.application_started", target=application, now=now)
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
        audit_record(actor=user, action="award.nomination_reopened", target=existing, now=now)
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
    audit_record(actor=user, action="award.nomination_started", target=application, now=now)
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
    now: datetime | None = None,
) -> Application:
    """Save the draft as it stands; nothing is required until submit."""
    now = now or timezone.now()
    application = _draft_locked(application_id, user=user, now=now)
    application.title = title.strip()[:300]
    application.summary = summary.strip()[:3000]
    application.declaration_confirmed = declaration_confirmed
    application.save(update_fields=["title", "summary", "declaration_confirmed", "updated_at"])
    return application


def _limits_for(application: Application, kind: str):
    requirement = application.cycle.documents.filter(kind=kind).first()
    if requirement is None:
        raise AwardError("This call does not ask for that document.")
    return requirement


def _pdf_checked(upload, **limits):
    try:
        return pdf_check(upload, **limits)
    except ValidationError as exc:
        raise AwardError(exc.messages[0]) from None


def _document_store(
    application, *, kind, upload, checked, original_name: str, now, referee=None
) -> Document:
    """Write a checked PDF to the private storage and record it, named as the PDF it is."""
    document = Document(
        application=application,
        kind=kind,
        referee=referee,
        original_name=pdf_display_name(original_name, fallback=kind),
        size=checked.size,
        pages=checked.pages,
        uploaded_at=now,
    )
    document_file_write(document, upload)
    document.save()
    return document


@files_removed_on_rollback
@transaction.atomic
def document_upload(
    *, application_id: int, user, kind: str, upload, now: datetime | None = None
) -> Document:
    """Add or replace one of the call's documents. The PDF is checked by its content; a
    rejected file is never stored."""
    now = now or timezone.now()
    application = _draft_locked(application_id, user=user, now=now)
    requirement = _limits_for(application, kind)
    checked = _pdf_checked(upload, max_pages=requirement.max_pages, max_mb=requirement.max_mb)
    replaced = Document.objects.filter(application=application, kind=kind).first()
    if replaced:
        old_file = replaced.file.name
        replaced.delete()
        _files_delete_after_commit([old_file])
    document = _document_store(
        application,
        kind=kind,
        upload=upload,
        checked=checked,
        original_name=getattr(upload, "name", ""),
        now=now,
    )
    audit_record(
        actor=user,
        action="award.document_uploaded",
        target=application,
        data={"kind": kind},
        now=now,
    )
    return document


@transaction.atomic
def document_remove(*, application_id: int, user, document_id: int, now=None) -> None:
    now = now or timezone.now()
    application = _draft_locked(application_id, user=user, now=now)
    document = (
        Document.objects.filter(pk=document_id, application=application)
        .exclude(kind=DocumentKind.LETTER)
        .first()
    )
    if document is None:
        raise AwardError("There is no such file on this application.")
    name = document.file.name
    document.delete()
    _files_delete_after_commit([name])


def _files_delete_after_commit(names: list[str]) -> None:
    """Stored files go only once the rows naming them are gone for good."""
    storage = Document.file.field.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


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
    audit_record(actor=None, action="award.account_erased", data=erased, now=now)


# --- Referee letters ----------------------------------------------------------------------------


def referee_token(referee: RefereeRequest) -> str:
    return signing.dumps({"referee": referee.pk}, salt=REFEREE_SALT, compress=True)


def referee_from_token(token: str) -> RefereeRequest | None:
    """The request a link names, if the link was made by this site; its expiry and whether a
    letter has already arrived are checked by the caller, against the database."""
    try:
        data = signing.loads(token, salt=REFEREE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("referee"), int):
        return None
    return (
        RefereeRequest.objects.filter(pk=data["referee"])
        .select_related("application__cycle__program")
        .first()
    )


@transaction.atomic
def referee_request(
    *, application_id: int, user, name: str, email: str, now: datetime | None = None
) -> RefereeRequest:
    """Ask a referee for a letter: they are emailed a link, valid until letters close (at
    most 30 days), to upload a PDF without an account."""
    now = now or timezone.now()
    application = _draft_locked(application_id, user=user, now=now)
    email = email.strip().lower()
    if email in {user.email.lower(), application.candidate_email.lower()}:
        raise AwardError("A referee must be someone other than the candidate and yourself.")
    if application.referees.count() >= max(application.cycle.letters_required, 1) + 2:
        raise AwardError("You have asked enough referees; remove one to ask someone else.")
    if application.referees.filter(email=email).exists():
        raise AwardError(f"You have already asked {email}.")
    referee = RefereeRequest.objects.create(
        application=application,
        name=name.strip()[:200],
        email=email,
        requested_at=now,
        expires_at=_link_expiry(application.cycle, now),
    )
    _referee_email(referee, requested_by=user, dedupe_key=f"award-referee:{referee.pk}", now=now)
    audit_record(actor=user, action="award.referee_requested", target=application, now=now)
    return referee


def _link_expiry(cycle: AwardCycle, now: datetime) -> datetime:
    return min(cycle.letters_deadline, now + timedelta(days=REFEREE_LINK_DAYS))


def _referee_email(referee: RefereeRequest, *, requested_by, dedupe_key: str, now, reminder=False):
    application = referee.application
    email_queue(
        to=referee.email,
        template="awards/email/referee_request",
        context={
            "referee_name": referee.name,
            "candidate_name": application.candidate_name,
            "requested_by": requested_by.get_full_name() or requested_by.email,
            "award": str(application.cycle),
            "max_pages": application.cycle.letter_max_pages,
            "expires_at": timezone.localtime(referee.expires_at).strftime("%d %B %Y, %H:%M %Z"),
            "upload_url": _site(reverse("awards:letter", kwargs={"token": referee_token(referee)})),
            "reminder": reminder,
            "requested_on": timezone.localtime(referee.requested_at).strftime("%d %B %Y"),
        },
        dedupe_key=dedupe_key,
        now=now,
    )


@transaction.atomic
def referee_remind(
    *, application_id: int, user, referee_id: int, now: datetime | None = None
) -> RefereeRequest:
    """Remind a referee whose letter has not arrived, before or after submitting, until letters
    close: the link to the same request is emailed again, and the request works again until
    letters close (at most 30 days), the first email's link included. At most one reminder a
    day, so a referee is never flooded."""
    now = now or timezone.now()
    application = _locked(application_id, user=user)
    if application.status == Application.Status.WITHDRAWN:
        raise AwardError("This application is withdrawn, so no letters are needed.")
    cycle = application.cycle
    if not cycle.letters_open(now):
        raise CallClosed(
            f"Letters for {cycle} closed on "
            f"{timezone.localtime(cycle.letters_deadline):%d %B %Y at %H:%M %Z}."
        )
    referee = _locked_or_none(RefereeRequest, application=application, pk=referee_id)
    if referee is None:
        raise AwardError("That referee is not on this application.")
    if referee.received_at is not None:
        raise AwardError(f"{referee.name}'s letter has already arrived.")
    if not referee.reminder_allowed(now):
        last = referee.reminded_at or referee.requested_at
        raise AwardError(
            f"{referee.name} was emailed on {timezone.localtime(last):%d %B at %H:%M %Z}; "
            "you can send a reminder a day after that."
        )
    referee.reminded_at = now
    referee.expires_at = _link_expiry(cycle, now)
    referee.save(update_fields=["reminded_at", "expires_at"])
    _referee_email(
        referee,
        requested_by=user,
        dedupe_key=f"award-referee:{referee.pk}:reminder:{now:%Y%m%dT%H%M%S}",
        now=now,
        reminder=True,
    )
    audit_record(
        actor=user,
        action="award.referee_reminded",
        target=application,
        data={"referee": referee.pk},
        now=now,
    )
    return referee


@transaction.atomic
def referee_remove(*, application_id: int, user, referee_id: int, now=None) -> None:
    """Withdraw a request whose letter has not arrived; its link stops working."""
    now = now or timezone.now()
    application = _draft_locked(application_id, user=user, now=now)
    referee = application.referees.filter(pk=referee_id, received_at__isnull=True).first()
    if referee is None:
        raise AwardError("That request cannot be removed (its letter has arrived, or it is gone).")
    referee.delete()


def referee_link_problem(referee: RefereeRequest | None, *, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if referee is None:
        return "This link is not valid. Please use the link in the most recent email you received."
    if referee.received_at is not None:
        return "Your letter has already been received. Thank you; the link cannot be used again."
    if now >= referee.expires_at:
        return "This link has expired. Please contact the applicant or the society's office."
    if referee.application.status == Application.Status.WITHDRAWN:
        return "This application was withdrawn, so no letter is needed."
    return ""


@files_removed_on_rollback
@transaction.atomic
def letter_upload(*, token: str, upload, now: datetime | None = None) -> Document:
    """The referee's upload: once per link, before it expires. The applicant is told a letter
    arrived; its content is seen only by staff and the panel."""
    now = now or timezone.now()
    referee = referee_from_token(token)
    if referee is not None:
        referee = lock_one(
            RefereeRequest.objects.select_related("application__cycle"), pk=referee.pk
        )
    problem = referee_link_problem(referee, now=now)
    if problem:
        raise AwardError(problem)
    application = referee.application
    checked = _pdf_checked(upload, max_pages=application.cycle.letter_max_pages)
    document = _document_store(
        application,
        kind=DocumentKind.LETTER,
        upload=upload,
        checked=checked,
        original_name=f"Letter from {referee.name}.pdf",
        referee=referee,
        now=now,
    )
    referee.received_at = now
    referee.save(update_fields=["received_at"])
    email_queue(
        to=application.created_by.email,
        template="awards/email/letter_received",
        context={
            "name": application.created_by.get_full_name(),
            "referee_name": referee.name,
            "award": str(application.cycle),
            "application_url": _site(application.get_absolute_url()),
        },
        dedupe_key=f"award-letter-received:{referee.pk}",
        now=now,
    )
    audit_record(actor=None, action="award.letter_received", target=application, now=now)
    return document


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
    audit_record(actor=user, action="award.application_submitted", target=application, now=now)
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
    audit_record(actor=user, action="award.application_withdrawn", target=application, now=now)
    return application


# --- Judging ------------------------------------------------------------------------------------


def _normalised(text: str) -> str:
    return " ".join(text.casefold().replace(",", " ").split())


def conflict_reason(
    application: Application,
    reviewer,
    *,
    institution: str,
    declared: set,
    nominated: frozenset = frozenset(),
) -> str:
    """Why `reviewer` must not judge `application`, or "" when they may. `nominated` holds
    (reviewer id, candidate email) for every nomination in the call: someone who nominated a
    candidate judges none of that candidate's applications or nominations."""
    if reviewer.pk == application.created_by_id:
        return "their nomination" if application.is_nomination else "their own application"
    candidate_email = application.candidate_email.lower()
    if reviewer.pk == application.candidate_id or reviewer.email.lower() == candidate_email:
        return "their own candidacy"
    if (reviewer.pk, candidate_email) in nominated:
        return "they nominated this candidate"
    if institution.strip() and _normalised(institution) == _normalised(
        application.candidate_institution
    ):
        return f"the same institution ({application.candidate_institution})"
    if (application.pk, reviewer.pk) in declared:
        return "a declared conflict"
    return ""


def _nominations_by_reviewer(cycle_id: int) -> frozenset[tuple[int, str]]:
    return frozenset(
        (created_by_id, email.lower())
        for created_by_id, email in Application.objects.filter(
            cycle_id=cycle_id, kind=Application.Kind.NOMINATION
        )
        .exclude(status=Application.Status.WITHDRAWN)
        .values_list("created_by_id", "candidate_email")
    )


def _reviewer_institutions(reviewer_ids) -> dict[int, str]:
    from members.models import MemberProfile

    return dict(
        MemberProfile.objects.filter(user_id__in=reviewer_ids).values_list("user_id", "institution")
    )


def _declared(cycle: AwardCycle) -> set[tuple[int, int]]:
    return set(
        Conflict.objects.filter(application__cycle=cycle).values_list(
            "application_id", "reviewer_id"
        )
    )


@transaction.atomic
def review_assign(*, application_id: int, reviewer, actor, now: datetime | None = None) -> Review:
    """Staff assign one application to one panel member by hand; conflicts are refused."""
    now = now or timezone.now()
    application = lock_one(Application.objects.select_related("cycle"), pk=application_id)
    if application.status != Application.Status.SUBMITTED:
        raise AwardError("Only submitted applications are reviewed.")
    if not PanelMember.objects.filter(cycle=application.cycle, reviewer=reviewer).exists():
        raise AwardError(f"{reviewer} is not on the panel for {application.cycle}.")
    reason = conflict_reason(
        application,
        reviewer,
        institution=_reviewer_institutions([reviewer.pk]).get(reviewer.pk, ""),
        declared=_declared(application.cycle),
        nominated=_nominations_by_reviewer(application.cycle_id),
    )
    if reason:
        raise AwardError(f"{reviewer} cannot review {application.candidate_name}: {reason}.")
    review, created = Review.objects.get_or_create(
        application=application, reviewer=reviewer, defaults={"assigned_at": now}
    )
    if created:
        audit_record(actor=actor, action="award.review_assigned", target=review, now=now)
        _reviewers_tell(application.cycle, [review], now=now)
    return review


def _reviewers_tell(cycle: AwardCycle, new_reviews: list[Review], *, now: datetime) -> None:
    """One email to each reviewer for each assignment run, however many applications it gave
    them, naming the candidates so a conflict can be declared before reading. Keyed by the
    first of those reviews, so each assignment is announced once."""
    by_reviewer = defaultdict(list)
    for review in new_reviews:
        by_reviewer[review.reviewer_id].append(review)
    if not by_reviewer:
        return
    reviewers = User.objects.in_bulk(list(by_reviewer))
    assigned = dict(
        Review.objects.filter(application__cycle=cycle, reviewer_id__in=by_reviewer)
        .values_list("reviewer_id")
        .annotate(n=Count("id"))
    )
    for reviewer_id, reviews in by_reviewer.items():
        reviewer = reviewers[reviewer_id]
        email_queue(
            to=reviewer.email,
            template="awards/email/reviews_assigned",
            context={
                "name": reviewer.get_full_name() or reviewer.email,
                "award": str(cycle),
                "candidates": sorted(review.application.candidate_name for review in reviews),
                "assigned": assigned.get(reviewer_id, len(reviews)),
                "reviews_url": _site(reverse("awards:reviews")),
            },
            dedupe_key=f"award-reviews-assigned:{min(review.pk for review in reviews)}",
            now=now,
        )


@dataclass(frozen=True)
class AssignmentResult:
    created: int
    short: list[tuple[Application, int]]  # applications left with fewer reviewers, and how many


@transaction.atomic
def reviews_assign_automatic(
    *, cycle: AwardCycle, actor, now: datetime | None = None
) -> AssignmentResult:
    """Give every submitted application `reviews_per_application` reviewers, spreading the
    load evenly and never assigning a conflict. Assignments already made are kept; running it
    again only fills gaps (after a withdrawal or a declared conflict, say)."""
    now = now or timezone.now()
    cycle = lock_one(AwardCycle, pk=cycle.pk)  # one run at a time
    wanted = cycle.reviews_per_application
    applications = list(cycle.applications.filter(status=Application.Status.SUBMITTED))
    reviewers = [member.reviewer for member in cycle.panel.select_related("reviewer")]
    institutions = _reviewer_institutions([reviewer.pk for reviewer in reviewers])
    declared = _declared(cycle)
    nominated = _nominations_by_reviewer(cycle.pk)
    existing = set(
        Review.objects.filter(application__cycle=cycle).values_list("application_id", "reviewer_id")
    )
    load = {reviewer.pk: 0 for reviewer in reviewers}
    load.update(
        Review.objects.filter(application__cycle=cycle, reviewer_id__in=load)
        .values_list("reviewer_id")
        .annotate(n=Count("id"))
    )
    eligible = {
        application.pk: [
            reviewer
            for reviewer in reviewers
            if not conflict_reason(
                application,
                reviewer,
                institution=institutions.get(reviewer.pk, ""),
                declared=declared,
                nominated=nominated,
            )
        ]
        for application in applications
    }
    # The most constrained applications choose first, so they are not left without reviewers.
    applications.sort(key=lambda application: (len(eligible[application.pk]), application.pk))
    new_reviews, short = [], []
    for application in applications:
        have = sum(1 for reviewer in reviewers if (application.pk, reviewer.pk) in existing)
        choices = sorted(
            (r for r in eligible[application.pk] if (application.pk, r.pk) not in existing),
            key=lambda reviewer: (load[reviewer.pk], reviewer.pk),
        )
        for reviewer in choices[: max(wanted - have, 0)]:
            new_reviews.append(Review(application=application, reviewer=reviewer, assigned_at=now))
            load[reviewer.pk] += 1
            have += 1
        if have < wanted:
            short.append((application, have))
    Review.objects.bulk_create(new_reviews)
    _reviewers_tell(cycle, new_reviews, now=now)
    audit_record(
        actor=actor,
        action="award.reviews_assigned",
        target=cycle,
        data={"created": len(new_reviews), "short": [a.pk for a, _ in short]},
        now=now,
    )
    return AssignmentResult(created=len(new_reviews), short=short)


def _conflict_add(
    application: Application, reviewer, *, reason: str, actor, action: str, now: datetime
) -> Conflict:
    """The one way a conflict is set: recorded once, the reviewer's unsubmitted assignment
    removed with it, audited. Callers have refused a submitted review already."""
    conflict, created = Conflict.objects.get_or_create(
        application=application,
        reviewer=reviewer,
        defaults={"reason": reason.strip()[:300], "declared_at": now},
    )
    Review.objects.filter(
        application=application, reviewer=reviewer, submitted_at__isnull=True
    ).delete()
    if created:
        audit_record(
            actor=actor, action=action, target=application, now=now, data={"reviewer": reviewer.pk}
        )
    return conflict


@transaction.atomic
def conflict_declare(
    *, review_id: int, reviewer, reason: str, now: datetime | None = None
) -> Conflict:
    """A reviewer steps aside from an application; the assignment goes, and automatic
    assignment will never give it back to them."""
    now = now or timezone.now()
    review = _locked_or_none(
        Review.objects.select_related("application"), pk=review_id, reviewer=reviewer
    )
    if review is None:
        raise AwardError("There is no such assignment.")
    if review.is_submitted:
        raise AwardError("You have already submitted this review; ask the office to remove it.")
    return _conflict_add(
        review.application,
        reviewer,
        reason=reason.strip() or "Declared by the reviewer",
        actor=reviewer,
        action="award.conflict_declared",
        now=now,
    )


@transaction.atomic
def conflict_record(
    *, application_id: int, reviewer, reason: str, actor, now: datetime | None = None
) -> Conflict:
    """Staff record a conflict they learn of: an unsubmitted assignment goes at once; a review
    already submitted must be dealt with first, so it is refused."""
    now = now or timezone.now()
    application = lock_one(Application, pk=application_id)
    review = Review.objects.filter(application=application, reviewer=reviewer).first()
    if review is not None and review.is_submitted:
        raise AwardError(
            f"{reviewer} has already submitted a review of {application.candidate_name}."
        )
    return _conflict_add(
        application,
        reviewer,
        reason=reason.strip() or "Recorded by staff",
        actor=actor,
        action="award.conflict_recorded",
        now=now,
    )


@transaction.atomic
def review_save(
    *,
    review_id: int,
    reviewer,
    scores: dict[int, int],
    comment: str,
    submit: bool,
    now: datetime | None = None,
) -> Review:
    """Save scores as a draft, or submit them; a submitted review is final."""
    now = now or timezone.now()
    review = _locked_or_none(
        Review.objects.select_related("application__cycle"),
        of=("self",),
        pk=review_id,
        reviewer=reviewer,
    )
    if (
        review is None
        or Conflict.objects.filter(application_id=review.application_id, reviewer=reviewer).exists()
    ):
        raise AwardError("There is no such assignment.")
    if review.is_submitted:
        raise AwardError("You have already submitted this review; it can no longer be changed.")
    application = review.application
    if application.status != Application.Status.SUBMITTED:
        raise AwardError("This application was withdrawn.")
    if application.decision_released_at:
        raise AwardError("The decision on this application has been sent; reviews are closed.")
    criteria = {
        criterion.pk: criterion
        for criterion in Criterion.objects.filter(cycle_id=application.cycle_id)
    }
    given = {}
    for criterion_id, value in scores.items():
        if criterion_id not in criteria:
            raise AwardError("A score was given for a criterion this call does not have.")
        if value is None:
            continue
        if not 1 <= int(value) <= 5:
            raise AwardError("Scores run from 1 to 5.")
        given[criterion_id] = int(value)
    if submit and (not criteria or set(given) != set(criteria)):
        missing = [c.name for pk, c in criteria.items() if pk not in given]
        raise AwardError("Score every criterion before submitting: " + ", ".join(missing) + ".")
    Score.objects.filter(review=review).exclude(criterion_id__in=given).delete()
    for criterion_id, value in given.items():
        Score.objects.update_or_create(
            review=review, criterion_id=criterion_id, defaults={"value": value}
        )
    review.comment = comment.strip()[:5000]
    fields = ["comment"]
    if submit:
        review.weighted_score = weighted_mean(
            [(value, criteria[criterion_id].weight) for criterion_id, value in given.items()]
        )
        review.submitted_at = now
        fields += ["weighted_score", "submitted_at"]
        audit_record(actor=reviewer, action="award.review_submitted", target=review, now=now)
    review.save(update_fields=fields)
    return review


# --- Decisions ----------------------------------------------------------------------------------


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
        action="award.decision_recorded",
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
        actor=actor, action="award.decisions_released", target=cycle, data={"sent": sent}, now=now
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
        action="award.decision_released",
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


def grants_registration(application: Application) -> bool:
    cycle = application.cycle
    return bool(
        cycle.program.grants_registration and cycle.meeting_id and cycle.registration_category_id
    )


def _benefits_apply(
    application: Application, *, actor, now: datetime
) -> tuple[list[str], set[str]]:
    """The public list, a complimentary membership and a complimentary registration. What
    cannot be applied is returned as notes for staff, and what was given ("membership",
    "registration") for the email; the rest is still granted."""
    cycle = application.cycle
    program = cycle.program
    notes, granted = [], set()
    Recipient.objects.update_or_create(
        application=application,
        defaults={
            "program": program,
            "year": cycle.year,
            "name": application.candidate_name,
            "institution": application.candidate_institution,
            "citation": application.citation,
        },
    )
    candidate = application.candidate
    needs_account = program.grants_membership_type_id or grants_registration(application)
    if needs_account and candidate is None:
        return [
            f"No account for {application.candidate_email}: the complimentary membership or "
            "registration must be given by hand once they sign up."
        ], granted
    if program.grants_membership_type_id:
        member_services.membership_grant(
            user=candidate,
            membership_type=program.grants_membership_type,
            actor=actor,
            note=f"{cycle}",
            now=now,
        )
        granted.add("membership")
    if grants_registration(application):
        profile = getattr(candidate, "member_profile", None)
        try:
            with transaction.atomic():
                meeting_registration.registration_grant(
                    user=candidate,
                    meeting=cycle.meeting,
                    category=cycle.registration_category,
                    attendee=meeting_registration.Attendee(
                        badge_name=application.candidate_name,
                        affiliation=application.candidate_institution,
                        country=str(getattr(profile, "country", "") or ""),
                    ),
                    actor=actor,
                    now=now,
                    reason=str(cycle),
                )
        except RegistrationError as exc:
            notes.append(f"Registration not granted: {exc}")
        else:
            granted.add("registration")
    return notes, granted
