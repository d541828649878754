"""Referee letters: the signed link a referee is emailed, requests, reminders and the
referee's upload."""

from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.mail.services import email_queue

from ..audit import AwardAction
from ..documents import files_removed_on_rollback
from ..exceptions import AwardError, CallClosed
from ..models import Application, AwardCycle, Document, DocumentKind, RefereeRequest
from ._common import _document_store, _draft_locked, _locked, _locked_or_none, _pdf_checked, _site

REFEREE_SALT = "awards.referee-letter"
REFEREE_LINK_DAYS = 30


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
    audit_record(actor=user, action=AwardAction.REFEREE_REQUESTED, target=application, now=now)
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
        action=AwardAction.REFEREE_REMINDED,
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
    audit_record(actor=None, action=AwardAction.LETTER_RECEIVED, target=application, now=now)
    return document
