"""News reads, each page in a fixed number of queries: posts, the Signals+ archive and who it
goes to, and members' research news."""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone

from icis.core.models import AuditEntry
from icis.core.search import SearchSource
from icis.mail.models import OutboundEmail
from members.selectors import member_ids_active_on, member_is_active

from .audit import NewsAction
from .models import NewsletterIssue, NewsletterItem, NewsletterSubscriber, Post, ResearchNews

User = get_user_model()

# What `services.newsletter_unsubscribe` records; an issue's unsubscribes are counted by it.


def posts_page(*, category: str = "", page_number=1, per_page: int = 10) -> Page:
    posts = Post.objects.visible().select_related("meeting").defer("body")
    if category in Post.Category.values:
        posts = posts.filter(category=category)
    return Paginator(posts, per_page).get_page(page_number)


def post_get(*, slug: str) -> Post | None:
    return Post.objects.visible().select_related("meeting", "author").filter(slug=slug).first()


def posts_latest(*, count: int = 3) -> list[Post]:
    return list(Post.objects.visible().defer("body")[:count])


def post_featured() -> Post | None:
    return Post.objects.visible().filter(is_featured=True).defer("body").first()


def posts_for_meeting(*, meeting) -> list[Post]:
    return list(Post.objects.visible().filter(meeting=meeting).defer("body")[:10])


def posts_for_feed(*, count: int = 20) -> list[Post]:
    return list(Post.objects.visible().select_related("author")[:count])


def posts_search_source() -> SearchSource:
    """Visible posts (the database's clock decides which scheduled ones are due). Titles weigh
    most, then summaries, then bodies (the stored document)."""
    return SearchSource(
        kind="News",
        rows=Post.objects.visible(now=Now()),
        order_after_rank=("-publish_at", "-pk"),
        title="title",
        link="slug",
        snippet_fields=("summary", "body"),
        url=lambda pk, slug: reverse("news:detail", kwargs={"slug": slug}),
    )


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
    """Active members who opted in, then subscribers who confirmed and have not unsubscribed;
    each address once, whatever its case. Two queries."""
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
        NewsletterSubscriber.objects.filter(
            confirmed_at__isnull=False, unsubscribed_at__isnull=True
        )
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


def newsletter_dedupe_key(issue_id: int, email: str) -> str:
    key = f"newsletter:{issue_id}:{email.lower()}"
    if len(key) > OutboundEmail._meta.get_field("dedupe_key").max_length:
        # A rare address long enough not to fit: a digest of it instead, still one per person.
        key = f"newsletter:{issue_id}:sha256:{hashlib.sha256(email.lower().encode()).hexdigest()}"
    return key


def newsletter_dedupe_keys_queued(issue: NewsletterIssue) -> set[str]:
    return set(
        OutboundEmail.objects.filter(dedupe_key__startswith=f"newsletter:{issue.pk}:").values_list(
            "dedupe_key", flat=True
        )
    )


def newsletter_recipient_counts(*, issue: NewsletterIssue) -> tuple[int, int]:
    """(how many it goes to, how many of them do not have it yet), from the list the send uses."""
    recipients = newsletter_recipients()
    already = newsletter_dedupe_keys_queued(issue)
    waiting = sum(1 for r in recipients if newsletter_dedupe_key(issue.pk, r.email) not in already)
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


# --- Members' research news -----------------------------------------------------------------


def research_news_of(*, member) -> list[ResearchNews]:
    """A member's submissions, newest first, with their posts: one query."""
    return list(ResearchNews.objects.filter(member=member).select_related("post"))


# --- The sitemap ----------------------------------------------------------------------------


def posts_for_sitemap(*, now=None) -> list[Post]:
    """Every post a visitor can read now (drafts and scheduled posts not yet due are left out),
    with what the sitemap shows: the address and when it last changed. One query."""
    return list(
        Post.objects.visible(now=now).only("slug", "publish_at", "updated_at").order_by("pk")
    )


def issues_for_sitemap() -> list[NewsletterIssue]:
    """The archive's issues anyone may read: published and not for members only. One query."""
    return list(
        NewsletterIssue.objects.filter(is_published=True, is_members_only=False)
        .only("number", "updated_at")
        .order_by("number")
    )
