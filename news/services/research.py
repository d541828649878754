"""Members' research news: active members submit it from the portal, staff approve it (it
becomes a published post in "Members' news") or reject it with a reason. The member is emailed
either way, and every step is audited. The portal's read, `research_news_of`, is in
`news.selectors`.
"""

import re
import uuid
from datetime import datetime
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.mail.services import email_queue
from members.selectors import member_is_active

from ..audit import NewsAction
from ..exceptions import ResearchNewsError
from ..models import Post, ResearchNews

Status = ResearchNews.Status

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
# Ways people paste a DOI; the stored value is the bare DOI (10.xxxx/...).
_DOI_PREFIXES = (
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi.org/",
    "doi:",
)
_URL_VALIDATOR = URLValidator(schemes=["http", "https"])
_TITLE_MAX = ResearchNews._meta.get_field("title").max_length
_SUMMARY_MAX = ResearchNews._meta.get_field("summary").max_length
_URL_MAX = ResearchNews._meta.get_field("paper_url").max_length
_DOI_MAX = ResearchNews._meta.get_field("doi").max_length
_SLUG_MAX = Post._meta.get_field("slug").max_length
_POST_SUMMARY_MAX = Post._meta.get_field("summary").max_length


# Validation, shared by the services and the forms so both say the same thing.


def doi_normalise(value: str) -> str:
    """The bare DOI from what a member typed or pasted ("" stays ""), or ResearchNewsError."""
    doi = (value or "").strip()
    for prefix in _DOI_PREFIXES:
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix) :].strip()
            break
    if not doi:
        return ""
    if len(doi) > _DOI_MAX or not DOI_PATTERN.match(doi):
        raise ResearchNewsError(
            "This does not look like a DOI: it starts with 10., like 10.1038/s41590-021-01012-3.",
            field="doi",
        )
    return doi


def paper_url_check(value: str) -> str:
    url = (value or "").strip()
    if not url:
        raise ResearchNewsError("Give a link to the paper.", field="paper_url")
    try:
        if len(url) > _URL_MAX:
            raise ValidationError("too long")
        _URL_VALIDATOR(url)
    except ValidationError:
        raise ResearchNewsError(
            "Give the full web address of the paper, starting with https://.", field="paper_url"
        ) from None
    return url


def _text_check(value: str, *, field: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ResearchNewsError(f"Give a {label}.", field=field)
    if len(text) > max_length:
        raise ResearchNewsError(
            f"The {label} is {len(text)} characters long; it can be at most {max_length}.",
            field=field,
        )
    return text


# Writes.


@transaction.atomic
def research_news_submit(
    *,
    member,
    title: str,
    summary: str,
    paper_url: str,
    doi: str = "",
    form_token: uuid.UUID | None = None,
    now: datetime | None = None,
) -> ResearchNews:
    """An active member shares a paper; it waits for staff to review it. The same form sent
    again (a double click, a resend after a timeout) returns the item it made the first time."""
    now = now or timezone.now()
    if not member_is_active(user=member, on=timezone.localdate(now)):
        raise ResearchNewsError("Only members whose membership is active can share research news.")
    fields = {
        "title": _text_check(title, field="title", label="title", max_length=_TITLE_MAX),
        "summary": _text_check(summary, field="summary", label="summary", max_length=_SUMMARY_MAX),
        "paper_url": paper_url_check(paper_url),
        "doi": doi_normalise(doi),
    }
    if form_token is not None:
        sent = ResearchNews.objects.filter(member=member, form_token=form_token).first()
        if sent is not None:
            return sent
    try:
        with transaction.atomic():
            item = ResearchNews.objects.create(
                member=member, form_token=form_token, status=Status.SUBMITTED, **fields
            )
    except IntegrityError:  # the same form, sent again a moment before, has just been saved
        return ResearchNews.objects.get(member=member, form_token=form_token)
    audit_record(actor=member, action=NewsAction.RESEARCH_NEWS_SUBMIT, target=item, now=now)
    return item


def _locked(research_id: int) -> ResearchNews:
    """The row, locked until the transaction ends: two staff deciding at once do one thing."""
    try:
        return lock_one(ResearchNews.objects.select_related("member"), of=("self",), pk=research_id)
    except ResearchNews.DoesNotExist:
        raise ResearchNewsError("This research news no longer exists.") from None


def _slug_unique(title: str) -> str:
    base = slugify(title)[: _SLUG_MAX - 10].strip("-") or "research-news"
    taken = set(Post.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _markdown_escape(text: str) -> str:
    # "<" cannot be escaped with a backslash; as an entity it stays text, not the start of a tag.
    return re.sub(r"([\\`*_{}\[\]()>#+!|-])", r"\\\1", text).replace("<", "&lt;")


def _markdown_url(url: str) -> str:
    # Spaces, parentheses and angle brackets would end the Markdown link early.
    return quote(url, safe=":/?#@!$&'*+,;=%~[]")


def _post_body(item: ResearchNews) -> str:
    lines = [item.summary, "", f"[Read the paper]({_markdown_url(item.paper_url)})"]
    if item.doi:
        doi_url = "https://doi.org/" + quote(item.doi, safe="/:;")
        lines += ["", f"DOI: [{_markdown_escape(item.doi)}]({doi_url})"]
    return "\n".join(lines) + "\n"


def _post_summary(item: ResearchNews) -> str:
    # A byline rather than the summary: the post page shows the summary above the body, which
    # holds the summary already; and the page names no author otherwise.
    name = item.member.get_full_name() or "a member of the society"
    return Truncator(f"Research news from {name}.").chars(_POST_SUMMARY_MAX)


@transaction.atomic
def research_news_approve(
    *,
    research_id: int,
    actor,
    title: str | None = None,
    summary: str | None = None,
    now: datetime | None = None,
) -> ResearchNews:
    """Staff approve a member's research news, editing its title or summary if they wish: it is
    published at once as a post in "Members' news" and the member is emailed the link.
    Approving an item already approved changes nothing."""
    now = now or timezone.now()
    item = _locked(research_id)
    if item.status == Status.APPROVED:
        return item
    if item.status != Status.SUBMITTED:
        raise ResearchNewsError(
            f"This research news was {item.get_status_display().lower()} already; "
            "it cannot be published."
        )
    edited = []
    if title is not None:
        title = _text_check(title, field="title", label="title", max_length=_TITLE_MAX)
        if title != item.title:
            item.title = title
            edited.append("title")
    if summary is not None:
        summary = _text_check(summary, field="summary", label="summary", max_length=_SUMMARY_MAX)
        if summary != item.summary:
            item.summary = summary
            edited.append("summary")

    post = Post.objects.create(
        title=item.title,
        slug=_slug_unique(item.title),
        summary=_post_summary(item),
        body=_post_body(item),
        category=Post.Category.MEMBERS,
        status=Post.Status.PUBLISHED,
        publish_at=now,
        author=item.member,
    )
    item.status = Status.APPROVED
    item.reviewed_by = actor
    item.reviewed_at = now
    item.post = post
    item.save(
        update_fields=[
            "title",
            "summary",
            "status",
            "reviewed_by",
            "reviewed_at",
            "post",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=NewsAction.RESEARCH_NEWS_APPROVE,
        target=item,
        data={"post": post.pk, "edited": edited},
        now=now,
    )
    email_queue(
        to=item.member.email,
        template="news/email/research_published",
        context={
            "name": item.member.get_short_name(),
            "title": item.title,
            "post_url": post.get_absolute_url(),
        },
        dedupe_key=f"research-news:{item.pk}:published",
        now=now,
    )
    return item


@transaction.atomic
def research_news_reject(
    *, research_id: int, actor, reason: str, now: datetime | None = None
) -> ResearchNews:
    """Staff decline a member's research news; the member is emailed the reason."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ResearchNewsError("Give the member a reason for rejecting.", field="reason")
    item = _locked(research_id)
    if item.status == Status.REJECTED:
        return item
    if item.status != Status.SUBMITTED:
        raise ResearchNewsError(
            "This research news is published already; unpublish its post instead."
        )
    item.status = Status.REJECTED
    item.reason = reason
    item.reviewed_by = actor
    item.reviewed_at = now
    item.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at", "updated_at"])
    audit_record(actor=actor, action=NewsAction.RESEARCH_NEWS_REJECT, target=item, now=now)
    email_queue(
        to=item.member.email,
        template="news/email/research_rejected",
        context={
            "name": item.member.get_short_name(),
            "title": item.title,
            "reason": reason,
        },
        dedupe_key=f"research-news:{item.pk}:rejected",
        now=now,
    )
    return item
