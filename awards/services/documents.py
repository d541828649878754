"""The documents an applicant uploads to a draft, and their removal."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record

from ..audit import AwardAction
from ..documents import files_removed_on_rollback
from ..exceptions import AwardError
from ..models import Application, Document, DocumentKind
from ._common import _document_store, _draft_locked, _files_delete_after_commit, _pdf_checked


def _limits_for(application: Application, kind: str):
    requirement = application.cycle.documents.filter(kind=kind).first()
    if requirement is None:
        raise AwardError("This call does not ask for that document.")
    return requirement


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
        action=AwardAction.DOCUMENT_UPLOADED,
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
