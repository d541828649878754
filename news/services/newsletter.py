"""Signals+, the society's newsletter: sending an issue once to each of its recipients, its
unsubscribe addresses, and unsubscribing in one click. The archive's reads and the list of
recipients are in `news.selectors`.

Sending renders the issue once, with a stand-in for the unsubscribe address; each recipient's
copy differs from the others only by that address, so ten thousand recipients cost one render,
ten thousand signatures and a string replacement each. Every copy carries `List-Unsubscribe`
and `List-Unsubscribe-Post` (RFC 8058): mail clients offer an unsubscribe button that POSTs to
the address without the reader signing in.
"""

import uuid
from dataclasses import replace
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from icis.core.audit import audit_record
from icis.core.locks import lock_all, lock_one
from icis.core.markup import markdown_to_html
from icis.mail.services import Message, email_render, emails_queue_bulk
from members.services import newsletter_unsubscribe_address

from ..audit import NewsAction
from ..models import NewsletterIssue, NewsletterSubscriber
from ..selectors import (
    Recipient,
    issue_entries,
    newsletter_dedupe_key,
    newsletter_dedupe_keys_queued,
    newsletter_recipients,
)

EMAIL_TEMPLATE = "news/newsletter/email/newsletter"
CHUNK_SIZE = 1000
_SIGNER_SALT = "newsletter-unsubscribe"
# Stands in for the recipient's unsubscribe address while the issue is rendered once for all.
_UNSUBSCRIBE_URL = "https://ICISNEWSLETTERUNSUBSCRIBE0X7F.invalid/"


# --- Unsubscribe addresses ------------------------------------------------------------------


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=_SIGNER_SALT)


def newsletter_unsubscribe_token(
    *, email: str, signer: signing.TimestampSigner | None = None
) -> str:
    """Signed, URL-safe and without expiry: an old issue's link still works."""
    return (signer or _signer()).sign_object(email.lower())


def newsletter_unsubscribe_email(*, token: str) -> str | None:
    """The address a token was made for; None when it is not one of ours or was altered."""
    try:
        email = _signer().unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    return email if isinstance(email, str) and "@" in email else None


class _UnsubscribeUrls:
    """Unsubscribe addresses for many recipients: the address is reversed once and the signer
    made once (reversing it for each recipient cost more than signing)."""

    _STAND_IN = "ICISTOKEN0X7F"

    def __init__(self):
        self.signer = _signer()
        path = reverse("newsletter:unsubscribe", kwargs={"token": self._STAND_IN})
        self.before, self.after = f"{settings.SITE_URL}{path}".split(self._STAND_IN)

    def __call__(self, email: str) -> str:
        token = newsletter_unsubscribe_token(email=email, signer=self.signer)
        return f"{self.before}{token}{self.after}"


def newsletter_unsubscribe_url(*, email: str) -> str:
    return _UnsubscribeUrls()(email)


# --- Sending --------------------------------------------------------------------------------


class _Renderer:
    """Renders the issue once; `message()` makes each recipient's copy by putting their own
    unsubscribe address in place of the stand-in."""

    def __init__(self, issue: NewsletterIssue):
        self.issue = issue
        self.unsubscribe_url = _UnsubscribeUrls()
        issue_url = ""
        if issue.is_published:
            issue_url = f"{settings.SITE_URL}{issue.get_absolute_url()}"
        self.subject, self.text, self.html = email_render(
            template=EMAIL_TEMPLATE,
            context={
                "issue": issue,
                "editorial_html": markdown_to_html(issue.editorial),
                "entries": issue_entries(issue=issue),
                "issue_url": issue_url,
                "archive_url": f"{settings.SITE_URL}{reverse('newsletter:index')}",
                "profile_url": f"{settings.SITE_URL}{reverse('members:profile')}",
                "unsubscribe_url": _UNSUBSCRIBE_URL,
            },
        )

    def message(self, recipient: Recipient) -> Message:
        url = self.unsubscribe_url(recipient.email)
        return Message(
            to=recipient.email,
            subject=self.subject,
            body_text=self.text.replace(_UNSUBSCRIBE_URL, url),
            body_html=self.html.replace(_UNSUBSCRIBE_URL, escape(url)),
            template=EMAIL_TEMPLATE,
            dedupe_key=newsletter_dedupe_key(self.issue.pk, recipient.email),
            context={"issue": self.issue.pk},
            headers={
                "List-Unsubscribe": f"<{url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )


def newsletter_send_test(*, issue_id: int, actor, now: datetime | None = None) -> int:
    """A staff member sees the issue as readers will: one copy to their own address, outside
    the issue's dedupe keys, so it neither counts as sent nor stops the real one."""
    now = now or timezone.now()
    issue = NewsletterIssue.objects.get(pk=issue_id)
    message = _Renderer(issue).message(Recipient(actor.email, actor.get_full_name()))
    with transaction.atomic():
        queued = emails_queue_bulk(
            [
                replace(
                    message,
                    subject=f"[Test] {message.subject}",
                    dedupe_key=f"newsletter-test:{issue.pk}:{uuid.uuid4().hex}",
                )
            ],
            now=now,
        )
        audit_record(
            actor=actor,
            action=NewsAction.NEWSLETTER_TEST,
            target=issue,
            data={"to": actor.email},
            now=now,
        )
    return queued


def newsletter_send(
    *, issue_id: int, actor, now: datetime | None = None, chunk_size: int = CHUNK_SIZE
) -> int:
    """Queue the issue to every recipient once: sending again (a double click, a retry after
    a crash, new subscribers since) queues only those who do not have it. Each chunk commits
    on its own, so the worker starts on the first thousand while the rest are queued, and a
    send cut short keeps what it queued. Returns how many were queued now."""
    now = now or timezone.now()
    issue = NewsletterIssue.objects.get(pk=issue_id)
    renderer = _Renderer(issue)
    recipients = newsletter_recipients(on=timezone.localdate(now))
    total = len(recipients)
    # Those who have it already are not rendered again (the outbox's unique key still has the
    # last word when two sends run at once).
    already = newsletter_dedupe_keys_queued(issue)
    recipients = [r for r in recipients if newsletter_dedupe_key(issue.pk, r.email) not in already]
    queued = 0
    for start in range(0, len(recipients), chunk_size):
        messages = [renderer.message(r) for r in recipients[start : start + chunk_size]]
        with transaction.atomic():
            queued += emails_queue_bulk(messages, now=now)
    with transaction.atomic():
        issue = lock_one(NewsletterIssue, pk=issue_id)
        if issue.sent_at is None:
            issue.sent_at, issue.sent_by = now, actor
            issue.save(update_fields=["sent_at", "sent_by", "updated_at"])
        audit_record(
            actor=actor,
            action=NewsAction.NEWSLETTER_SEND,
            target=issue,
            data={"queued": queued, "recipients": total},
            now=now,
        )
    return queued


# --- Unsubscribing --------------------------------------------------------------------------


@transaction.atomic
def newsletter_unsubscribe(*, email: str, via: str = "page", now: datetime | None = None) -> bool:
    """Stop Signals+ to an address: a member's opt-in is turned off (through members, which
    audits the change to the profile), a subscriber is marked unsubscribed. Doing it again
    changes nothing. Returns whether anything changed."""
    now = now or timezone.now()
    profiles = newsletter_unsubscribe_address(email=email, now=now)
    subscribers = lock_all(
        NewsletterSubscriber.objects.filter(email__iexact=email, unsubscribed_at__isnull=True)
    )
    for subscriber in subscribers:
        subscriber.unsubscribed_at = now
        subscriber.save(update_fields=["unsubscribed_at"])
    if not (profiles or subscribers):
        return False
    # One entry per person, whether they were a member, a subscriber or both: the admin counts
    # these as an issue's unsubscribes.
    audit_record(
        actor=profiles[0].user if profiles else None,
        action=NewsAction.NEWSLETTER_UNSUBSCRIBE,
        target=profiles[0] if profiles else subscribers[0],
        data={"via": via, "member": bool(profiles), "subscriber": bool(subscribers)},
        now=now,
    )
    return True
