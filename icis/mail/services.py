"""The outbox's writes: queue, send, retry, sweep, resend.

Emails are queued inside the caller's transaction and handed to Celery only after it commits,
so a rolled-back service sends nothing and a committed one loses nothing: if Redis is down
at that moment the row waits in the outbox and the sweep sends it later.
"""

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one

from . import attachments as attachments_registry
from .audit import MailAction
from .exceptions import MailError
from .models import OutboundEmail

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status


def _site_context() -> dict[str, Any]:
    return {
        "site_url": settings.SITE_URL,
        "society_name": settings.SOCIETY_NAME,
        "society_short_name": settings.SOCIETY_SHORT_NAME,
    }


def email_render(*, template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Renders `<template>_subject.txt`, `<template>.txt` and (if present) `<template>.html`."""
    full_context = {**_site_context(), **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", full_context).split())
    body_text = render_to_string(f"{template}.txt", full_context).strip() + "\n"
    try:
        body_html = render_to_string(f"{template}.html", full_context)
    except TemplateDoesNotExist:
        body_html = ""
    return subject, body_text, body_html


def email_queue(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    dedupe_key: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[dict] | None = None,
    now: datetime | None = None,
) -> OutboundEmail:
    """Queue one email from the project's templates. `context` must be JSON: ids, names, dates."""
    subject, body_text, body_html = email_render(template=template, context=context)
    return email_queue_message(
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        template=template,
        context=context,
        dedupe_key=dedupe_key,
        headers=headers,
        attachments=attachments,
        now=now,
    )


@transaction.atomic
def email_queue_message(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    template: str = "",
    context: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[dict] | None = None,
    now: datetime | None = None,
) -> OutboundEmail:
    """Queue an already rendered email. With a `dedupe_key` already used, nothing new is queued
    and the earlier email is returned."""
    now = now or timezone.now()
    email, created = OutboundEmail.objects.get_or_create(
        dedupe_key=dedupe_key or f"once:{uuid.uuid4()}",
        defaults={
            "created_at": now,
            "next_attempt_at": now,
            "to_email": to,
            "from_email": settings.DEFAULT_FROM_EMAIL,
            "subject": subject[:500],
            "body_text": body_text,
            "body_html": body_html,
            "template": template,
            "context": context or {},
            "headers": headers or {},
            "attachments": attachments or [],
        },
    )
    if created:
        _dispatch_after_commit(email.pk)
    return email


@dataclass(frozen=True)
class Message:
    """One email for `emails_queue_bulk`, already rendered."""

    to: str
    subject: str
    body_text: str
    body_html: str
    template: str
    dedupe_key: str
    context: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


_BULK_COLUMNS = (
    "created_at",
    "next_attempt_at",
    "to_email",
    "from_email",
    "subject",
    "body_text",
    "body_html",
    "template",
    "context",
    "headers",
    "dedupe_key",
)


def emails_queue_bulk(messages: list[Message], *, now: datetime | None = None) -> int:
    """Queue many emails in a fixed number of queries, whatever their number, skipping dedupe
    keys already in the outbox; the worker gets them in batches after commit. Returns how many
    were new.

    The rows are streamed with COPY into a temporary table and moved with one INSERT ... ON
    CONFLICT DO NOTHING RETURNING id: a reminder run queues tens of thousands of emails, and
    building one huge parameterised INSERT costs several times more than the copy."""
    if not messages:
        return 0
    now = now or timezone.now()
    table = OutboundEmail._meta.db_table
    columns = ", ".join(_BULK_COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS mail_outbox_incoming ("
            "created_at timestamptz, next_attempt_at timestamptz, to_email text, "
            "from_email text, subject text, body_text text, body_html text, template text, "
            "context jsonb, headers jsonb, dedupe_key text) ON COMMIT DELETE ROWS"
        )
        with cursor.connection.cursor().copy(
            f"COPY mail_outbox_incoming ({columns}) FROM STDIN"
        ) as copy:
            for message in messages:
                copy.write_row(
                    (
                        now,
                        now,
                        message.to,
                        settings.DEFAULT_FROM_EMAIL,
                        message.subject[:500],
                        message.body_text,
                        message.body_html,
                        message.template,
                        json.dumps(message.context),
                        json.dumps(message.headers),
                        message.dedupe_key,
                    )
                )
        cursor.execute(
            f"INSERT INTO {table} ({columns}, status, attempts, last_error, attachments) "  # noqa: S608  # nosec B608
            f"SELECT {columns}, %s, 0, '', '[]'::jsonb FROM mail_outbox_incoming "
            "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
            [Status.QUEUED],
        )
        new_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute("TRUNCATE mail_outbox_incoming")
    if new_ids:
        transaction.on_commit(lambda: emails_dispatch_batch(new_ids))
    return len(new_ids)


def emails_dispatch_batch(email_ids: list[int]) -> bool:
    """One task for many emails: a reminder run of thousands is a handful of broker messages."""
    from .tasks import send_email_batch

    try:
        for start in range(0, len(email_ids), 200):
            send_email_batch.apply_async(args=[email_ids[start : start + 200]])
    except Exception:
        logger.warning("Broker unreachable; %s emails wait in the outbox", len(email_ids))
        return False
    return True


def _dispatch_after_commit(email_id: int, *, countdown: int = 0) -> None:
    transaction.on_commit(lambda: email_dispatch(email_id, countdown=countdown))


def email_dispatch(email_id: int, *, countdown: int = 0) -> bool:
    """Hand an email to the Celery worker. False when the broker is unreachable: the row stays
    queued and the sweep sends it once the broker is back."""
    from .tasks import send_email

    try:
        send_email.apply_async(args=[email_id], countdown=countdown or None)
    except Exception:
        logger.warning("Broker unreachable; email %s waits in the outbox for the sweep", email_id)
        return False
    return True


def _message_for(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email,
        to=[email.to_email],
        headers=email.headers or None,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments or []:
        message.attach(*attachments_registry.build(attachment["kind"], attachment["id"]))
    return message


def email_send(*, email_id: int, now: datetime | None = None) -> OutboundEmail | None:
    """Send one queued, due email. Returns None when there is nothing to do: the email is sent
    already, another worker holds it, it failed for good, or its retry is not due yet."""
    now = now or timezone.now()
    with transaction.atomic():
        try:
            email = lock_one(
                OutboundEmail,
                skip_locked=True,
                pk=email_id,
                status=Status.QUEUED,
                next_attempt_at__lte=now,
            )
        except OutboundEmail.DoesNotExist:  # sent already, not due, or taken by another worker
            return None
        email.status = Status.SENDING
        email.attempts += 1
        email.sending_started_at = now
        email.save(update_fields=["status", "attempts", "sending_started_at"])

    try:
        _message_for(email).send()
    except Exception as exc:
        return _email_record_failure(email, error=f"{type(exc).__name__}: {exc}", now=now)

    email.status = Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    OutboundEmail.objects.filter(pk=email.pk, status=Status.SENDING).update(
        status=email.status, sent_at=email.sent_at, last_error=""
    )
    return email


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=settings.MAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1))


@transaction.atomic
def _email_record_failure(email: OutboundEmail, *, error: str, now: datetime) -> OutboundEmail:
    email.last_error = error[:2000]
    if email.attempts >= settings.MAIL_MAX_ATTEMPTS:
        email.status = Status.FAILED
        logger.error(
            "Email %s failed for good after %s attempts: %s", email.pk, email.attempts, error
        )
    else:
        email.status = Status.QUEUED
        delay = _retry_delay(email.attempts)
        email.next_attempt_at = now + delay
        _dispatch_after_commit(email.pk, countdown=int(delay.total_seconds()))
    email.save(update_fields=["status", "last_error", "next_attempt_at"])
    return email


def email_sweep(*, now: datetime | None = None, limit: int = 10_000) -> int:
    """Re-dispatch emails nobody is sending: queued rows whose dispatch was lost (Redis was down,
    a worker died before it took them) and rows a dead worker left in "sending".
    Returns how many were handed to the worker."""
    now = now or timezone.now()
    # A row held in "sending" for longer than the timeout belongs to a worker that died: it is
    # queued again and handed over by this same run, so it goes out by the first sweep after
    # the timeout, not one sweep-wait later.
    abandoned_before = now - timedelta(seconds=settings.MAIL_SENDING_TIMEOUT_SECONDS)
    rescued_ids = list(
        OutboundEmail.objects.filter(status=Status.SENDING, sending_started_at__lt=abandoned_before)
        .order_by("sending_started_at")
        .values_list("pk", flat=True)[:limit]
    )
    if rescued_ids:
        OutboundEmail.objects.filter(pk__in=rescued_ids, status=Status.SENDING).update(
            status=Status.QUEUED, next_attempt_at=now
        )

    # A fresh row is dispatched by its own on_commit hook; only those left waiting are swept.
    stuck_before = now - timedelta(seconds=settings.MAIL_SWEEP_AFTER_SECONDS)
    stuck_ids = rescued_ids + list(
        OutboundEmail.objects.filter(status=Status.QUEUED, next_attempt_at__lte=stuck_before)
        .exclude(pk__in=rescued_ids)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[: max(limit - len(rescued_ids), 0)]
    )
    # In batches: a chunk of a reminder run whose hand-over was lost is a thousand rows.
    if not stuck_ids or not emails_dispatch_batch(stuck_ids):
        return 0
    return len(stuck_ids)


@transaction.atomic
def email_resend(*, email_id: int, actor, now: datetime | None = None) -> OutboundEmail:
    """Staff send an email again. A failed email is queued again; a sent one is copied, so the
    record of the first delivery stays."""
    now = now or timezone.now()
    email = lock_one(OutboundEmail, pk=email_id)
    if email.status in (Status.QUEUED, Status.SENDING):
        raise MailError(f"“{email.subject}” to {email.to_email} is still waiting to be sent.")
    if email.status == Status.FAILED:
        email.status = Status.QUEUED
        email.attempts = 0
        email.next_attempt_at = now
        email.save(update_fields=["status", "attempts", "next_attempt_at"])
        _dispatch_after_commit(email.pk)
        resent = email
    else:
        resent = email_queue_message(
            to=email.to_email,
            subject=email.subject,
            body_text=email.body_text,
            body_html=email.body_html,
            template=email.template,
            context=email.context,
            headers=email.headers,
            attachments=email.attachments,
            dedupe_key=f"resend:{email.pk}:{uuid.uuid4().hex[:12]}",
            now=now,
        )
    audit_record(actor=actor, action=MailAction.RESEND, target=email, data={"queued": resent.pk})
    return resent


def email_queue_test(*, user, now: datetime | None = None) -> OutboundEmail:
    """A staff member checks that delivery works: a test email to their own address."""
    now = now or timezone.now()
    email = email_queue(
        to=user.email,
        template="mail/email/test_message",
        context={"name": user.get_short_name(), "requested_at": f"{now:%d %B %Y, %H:%M} UTC"},
        now=now,
    )
    audit_record(actor=user, action=MailAction.TEST, target=email)
    return email


def emails_forget(*, address: str) -> int:
    """An erased account's emails leave the outbox: they hold the person's name and address."""
    deleted, _ = OutboundEmail.objects.filter(to_email__iexact=address).delete()
    return deleted
