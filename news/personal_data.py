"""News in the personal-data registry (`icis.accounts.personal_data`): a member's research-news
submissions and their Signals+ subscription, whether as a member (the profile's opt-in) or as
a subscriber who signed up by address."""

from datetime import datetime

from django.db.models import Q

from icis.accounts import personal_data
from icis.core.audit import audit_record
from members import selectors as member_selectors

from .audit import NewsAction
from .models import NewsletterSubscriber, Post, ResearchNews

# The byline of an approved item whose author has left (the fallback the approval writes for
# an account without a name).
ANONYMOUS_BYLINE = "Research news from a member of the society."


def _subscribers(user):
    """Sign-ups by any of the account's addresses, however they were typed."""
    by_address = Q()
    for address in personal_data.account_addresses(user):
        by_address |= Q(email__iexact=address)
    return NewsletterSubscriber.objects.filter(by_address)


def account_export(*, user) -> dict:
    research = ResearchNews.objects.filter(member=user).select_related("post").order_by("pk")
    subscribers = _subscribers(user).order_by("pk")
    profile = member_selectors.profile_for(user=user)
    return {
        "research_news": [
            {
                "title": item.title,
                "summary": item.summary,
                "paper": item.paper_url,
                "doi": item.doi,
                "status": item.get_status_display(),
                "reason": item.reason,
                "submitted": item.created_at.isoformat(),
                "reviewed": item.reviewed_at.isoformat() if item.reviewed_at else None,
                "post": item.post.get_absolute_url() if item.post else None,
            }
            for item in research
        ],
        "signals_plus": {
            "as_member": bool(profile and profile.newsletter_opt_in),
            "subscriptions": [
                {
                    "email": subscriber.email,
                    "name": subscriber.name,
                    "subscribed": subscriber.subscribed_at.isoformat(),
                    "confirmed": subscriber.confirmed_at.isoformat()
                    if subscriber.confirmed_at
                    else None,
                    "unsubscribed": subscriber.unsubscribed_at.isoformat()
                    if subscriber.unsubscribed_at
                    else None,
                }
                for subscriber in subscribers
            ],
        },
    }


def account_erase(*, user, now: datetime) -> None:
    """The submissions go; an approved one stays published (the paper is public) under an
    anonymous byline. A Signals+ sign-up by any of the account's addresses goes too."""
    research = ResearchNews.objects.filter(member=user)
    Post.objects.filter(research_news__in=research).update(summary=ANONYMOUS_BYLINE)
    ids = list(research.values_list("pk", flat=True))
    personal_data.audit_targets_forget(model=ResearchNews, ids=ids, label="erased research news")
    subscribers = _subscribers(user)
    personal_data.audit_targets_forget(
        model=NewsletterSubscriber,
        ids=subscribers.values_list("pk", flat=True),
        label="erased subscriber",
    )
    erased = {"research_news": len(ids), "subscriptions": subscribers.count()}
    research.delete()
    subscribers.delete()
    if any(erased.values()):
        audit_record(actor=None, action=NewsAction.ACCOUNT_ERASED, data=erased, now=now)


def register() -> None:
    personal_data.register(
        "news",
        export=account_export,
        erase=account_erase,
        exported=["news.ResearchNews", "news.NewsletterSubscriber"],
        erased=["news.ResearchNews", "news.NewsletterSubscriber"],
        kept={
            "news.Post": "A published article is the society's; its staff author's link goes "
            "with the staff account (SET_NULL). A member's approved research news stays "
            "published under an anonymous byline.",
            "news.NewsletterIssue": "Which staff member sent an issue is the society's record; "
            "the link goes with the staff account (SET_NULL).",
        },
    )
