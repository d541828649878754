"""Signals+, the society's newsletter: the archive's reads, who it goes to, sending an issue
once to each of them, and unsubscribing in one click.

Sending renders the issue once, with a stand-in for the unsubscribe address; each recipient's
copy differs from the others only by that address, so ten thousand recipients cost one render,
ten thousand signatures and a string replacement each. Every copy carries `List-Unsubscribe`
and `List-Unsubscribe-Post` (RFC 8058): mail clients offer an unsubscribe button that POSTs to
the address without the reader signing in.
"""

import hashlib
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from icis.core.audit import audit_record
from icis.core.locks import lock_all, lock_one
from icis.core.markup import markdown_to_html
from icis.core.models import AuditEntry
from icis.mail.models import OutboundEmail
from icis.mail.services import Message, email_render, emails_queue_bulk
from members.models import MemberProfile
from members.selectors import member_ids_active_on, member_is_active

from .audit import NewsAction
from .models import NewsletterIssue, NewsletterItem, NewsletterSubscriber, Post, ResearchNews

User = get_user_model()

EMAIL_TEMPLATE = "news/newsletter/email/newsletter"
CHUNK_SIZE = 1000
_SIGNER_SALT = "newsletter-unsubscribe"
# Stands in for the recipient's unsubscribe address while the issue is rendered once for all.
_UNSUBSCRIBE_URL = "https://ICISNEWSLETTERUNSUBSCRIBE0X7F.invalid/"


# --- The archive ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One item of an issue as readers see it, whatever its kind."""

    kind: str
    title: str
    text: str  # Markdown
    url: str  # a path on this site, a full address, or ""
    deadline: date | None = None

    @property
    def absolute_url(self) -> str:
        """For emails: the site's own paths become full addresses."""
        if self.url.startswith("/"):
            return f"{settings.SITE_URL}{self.url}"
        return self.url


def issues_page(*, page_number=1, per_page: int = 24) -> Page:
    """Published issues, newest first. Two queries a page; the bodies are not loaded."""
    issues = NewsletterIssue.objects.filter(is_published=True).only(
        "number", "date", "title", "is_members_only"
    )
    return Paginator(issues.order_by("-number"), per_page).get_page(page_number)


def issue_get(*, number: int, include_unpublished: bool = False) -> NewsletterIssue | None:
    """The issue without its items: whether they may be shown is decided first."""
    issues = NewsletterIssue.objects.all()
    if not include_unpublished:
        issues = issues.filter(is_published=True)
    return issues.filter(number=number).first()


def issue_readable_by(*, issue: NewsletterIssue, user, as_staff: bool = False) -> bool:
    """Members-only issues are for active members (grace included) and staff (`as_staff`:
    icis.accounts.staff.acts_as_staff for the request)."""
    if not issue.is_members_only:
        return True
    if not user.is_authenticated:
        return False
    return as_staff or member_is_active(user=user)


def _entry(item: NewsletterItem) -> Entry | None:
    """None for an item that must not be shown: its post was deleted or is back in draft, or
    its research news was deleted or not approved (a scheduled post stays: it is due soon)."""
    Kind = NewsletterItem.Kind
    if item.kind == Kind.POST:
        post = item.post
        if post is None or post.status == Post.Status.DRAFT:
            return None
        return Entry(
            item.kind,
            item.title or post.title,
            item.text or post.summary,
            post.get_absolute_url(),
        )
    if item.kind == Kind.RESEARCH:
        research = item.research
        if research is None or research.status != ResearchNews.Status.APPROVED:
            return None
        url = research.post.get_absolute_url() if research.post else research.paper_url
        return Entry(item.kind, item.title or research.title, item.text or research.summary, url)
    return Entry(item.kind, item.title, item.text, item.link, item.deadline)


def issue_entries(*, issue: NewsletterIssue) -> list[Entry]:
    """The issue's items in order, with their posts and research news: one query."""
    items = (
        NewsletterItem.objects.filter(issue=issue)
        .select_related("post", "research__post")
        .defer("post__body", "research__post__body")
        .order_by("ordering", "pk")
    )
    return [entry for entry in map(_entry, items) if entry is not None]


# --- Recipients -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str


def newsletter_recipients(*, on: date | None = None) -> list[Recipient]:
    """Active members who opted in, then subscribers who have not unsubscribed; each address
    once, whatever its case. Two queries."""
    on = on or timezone.localdate()
    members = (
        User.objects.filter(
            is_active=True,
            member_profile__newsletter_opt_in=True,
            pk__in=member_ids_active_on(on),
        )
        .exclude(email="")
        .order_by("pk")
        .values_list("email", "first_name", "last_name")
    )
    subscribers = (
        NewsletterSubscriber.objects.filter(unsubscribed_at__isnull=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", "name")
    )
    seen: set[str] = set()
    recipients = []
    for email, name in [
        *((email, f"{first} {last}".strip()) for email, first, last in members),
        *subscribers,
    ]:
        key = email.lower()
        if key not in seen:
            seen.add(key)
            recipients.append(Recipient(email, name))
    return recipients


def _dedupe_key(issue_id: int, email: str) -> str:
    key = f"newsletter:{issue_id}:{email.lower()}"
    if len(key) > OutboundEmail._meta.get_field("dedupe_key").max_length:
        # A rare address long enough not to fit: a digest of it instead, still one per person.
        key = f"newsletter:{issue_id}:sha256:{hashlib.sha256(email.lower().encode()).hexdigest()}"
    return key


def _dedupe_keys_queued(issue: NewsletterIssue) -> set[str]:
    return set(
        OutboundEmail.objects.filter(dedupe_key__startswith=f"newsletter:{issue.pk}:").values_list(
            "dedupe_key", flat=True
        )
    )


def newsletter_recipient_counts(*, issue: NewsletterIssue) -> tuple[int, int]:
    """(how many it goes to, how many of them do not have it yet), from the list the send uses."""
    recipients = newsletter_recipients()
    already = _dedupe_keys_queued(issue)
    waiting = sum(1 for r in recipients if _dedupe_key(issue.pk, r.email) not in already)
    return len(recipients), waiting


@dataclass(frozen=True)
class Delivery:
    queued: int
    sent: int
    failed: int
    unsubscribes: int


def newsletter_delivery(*, issue: NewsletterIssue) -> Delivery:
    """How the sent issue is doing in the outbox, and how many unsubscribed since. Two queries."""
    Status = OutboundEmail.Status
    counts = OutboundEmail.objects.filter(
        dedupe_key__startswith=f"newsletter:{issue.pk}:"
    ).aggregate(
        queued=Count("pk", filter=Q(status__in=[Status.QUEUED, Status.SENDING])),
        sent=Count("pk", filter=Q(status=Status.SENT)),
        failed=Count("pk", filter=Q(status=Status.FAILED)),
    )
    unsubscribes = 0
    if issue.sent_at:
        unsubscribes = AuditEntry.objects.filter(
            action=NewsAction.NEWSLETTER_UNSUBSCRIBE, created_at__gte=issue.sent_at
        ).count()
    return Delivery(unsubscribes=unsubscribes, **counts)


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
            dedupe_key=_dedupe_key(self.issue.pk, recipient.email),
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
    already = _dedupe_keys_queued(issue)
    recipients = [r for r in recipients if _dedupe_key(issue.pk, r.email) not in already]
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
    """Stop Signals+ to an address: a member's opt-in is turned off, a subscriber is marked
    unsubscribed. Doing it again changes nothing. Returns whether anything changed."""
    now = now or timezone.now()
    profiles = lock_all(
        MemberProfile.objects.select_related("user").filter(
            user__email__iexact=email, newsletter_opt_in=True
        ),
        of=("self",),
    )
    subscribers = lock_all(
        NewsletterSubscriber.objects.filter(email__iexact=email, unsubscribed_at__isnull=True)
    )
    for profile in profiles:
        profile.newsletter_opt_in = False
        profile.save(update_fields=["newsletter_opt_in", "updated_at"])
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
