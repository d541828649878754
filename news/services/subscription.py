"""Signing up for Signals+ without being a member: a double opt-in. Asking queues a signed
confirmation link through the outbox; the address gets the newsletter only once the link is
followed. Asking again sends nothing while the last link is less than `RESEND_AFTER` old, so
the form cannot be used to flood someone's inbox."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.mail.services import email_queue

from ..audit import NewsAction
from ..models import NewsletterSubscriber

CONFIRM_TEMPLATE = "news/newsletter/email/confirm_subscription"
RESEND_AFTER = timedelta(minutes=15)
LINK_VALID = timedelta(days=7)
_SALT = "newsletter-confirm"


@dataclass(frozen=True)
class Confirmation:
    email: str
    sent: datetime  # when the link was sent: only the latest link of an address works


def _token(*, email: str, sent: datetime) -> str:
    return signing.TimestampSigner(salt=_SALT).sign_object({"e": email, "s": sent.isoformat()})


def newsletter_confirmation_read(*, token: str) -> Confirmation | None:
    """What a confirmation link stands for; None when it was altered, is not ours or expired."""
    try:
        data = signing.TimestampSigner(salt=_SALT).unsign_object(
            token, max_age=LINK_VALID.total_seconds()
        )
        return Confirmation(email=str(data["e"]), sent=datetime.fromisoformat(data["s"]))
    except (signing.BadSignature, ValueError, TypeError, KeyError, UnicodeError):
        return None


def _subscriber_id(email: str) -> int | None:
    """The address's sign-up, however its case was typed (the oldest, should there be two)."""
    return (
        NewsletterSubscriber.objects.filter(email__iexact=email)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def _subscriber_locked(email: str) -> NewsletterSubscriber:
    """The address's row, locked; created (waiting for confirmation) when there is none."""
    pk = _subscriber_id(email)
    if pk is None:
        try:
            with transaction.atomic():
                pk = NewsletterSubscriber.objects.create(email=email, confirmed_at=None).pk
        except IntegrityError:
            pk = _subscriber_id(email)  # created by someone else at the same moment
    return lock_one(NewsletterSubscriber, pk=pk)


@transaction.atomic
def newsletter_subscribe(*, email: str, name: str = "", now: datetime | None = None) -> bool:
    """Someone asks for Signals+ at `email`. Queues the confirmation link unless the address
    is subscribed already or was sent a link less than RESEND_AFTER ago. Returns whether an
    email was queued. The page says the same whatever happened: it must not tell a stranger
    whether an address is subscribed."""
    now = now or timezone.now()
    email = email.strip().lower()
    subscriber = _subscriber_locked(email)
    if subscriber.confirmed_at is not None and subscriber.unsubscribed_at is None:
        return False
    sent = subscriber.confirmation_sent_at
    if sent is not None and now - sent < RESEND_AFTER:
        return False
    subscriber.confirmation_sent_at = now
    if name:
        subscriber.name = name
    subscriber.save(update_fields=["confirmation_sent_at", "name"])
    path = reverse("newsletter:confirm", kwargs={"token": _token(email=email, sent=now)})
    email_queue(
        to=email,
        template=CONFIRM_TEMPLATE,
        context={"name": subscriber.name, "confirm_path": path, "days": LINK_VALID.days},
        dedupe_key=f"newsletter-confirm:{subscriber.pk}:{now.isoformat()}",
        now=now,
    )
    return True


@transaction.atomic
def newsletter_subscribe_confirm(
    *, confirmation: Confirmation, now: datetime | None = None
) -> NewsletterSubscriber | None:
    """Follow a confirmation link: the address is subscribed from now on. Following it again
    changes nothing. None when the link is spent: a newer one was sent, the address has
    unsubscribed since it was sent, or the sign-up was erased."""
    now = now or timezone.now()
    pk = _subscriber_id(confirmation.email)
    if pk is None:
        return None
    subscriber = lock_one(NewsletterSubscriber, pk=pk)
    if subscriber.confirmation_sent_at != confirmation.sent:
        return None
    unsubscribed = subscriber.unsubscribed_at
    if unsubscribed is not None and unsubscribed >= confirmation.sent:
        return None
    if subscriber.confirmed_at is not None and unsubscribed is None:
        return subscriber
    subscriber.confirmed_at = now
    subscriber.unsubscribed_at = None
    subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])
    audit_record(
        actor=None,
        action=NewsAction.NEWSLETTER_SUBSCRIBE,
        target=subscriber,
        data={"via": "double opt-in"},
        now=now,
    )
    return subscriber
