"""The private helpers the awards services share: locking an application, the deadline
and status checks every applicant's change begins with, and storing a checked PDF."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from icis.core.locks import lock_one

from ..documents import document_file_write, pdf_check, pdf_display_name
from ..exceptions import AwardError, CallClosed
from ..models import Application, AwardCycle, Document

User = get_user_model()


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


def _files_delete_after_commit(names: list[str]) -> None:
    """Stored files go only once the rows naming them are gone for good."""
    storage = Document.file.field.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


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
