"""What the audit log records about news and the newsletter (values as stored; see
`icis.core.audit`)."""

from django.db import models

from icis.core.audit import admin_edit_actions, audit_actions


@audit_actions("News")
class NewsAction(models.TextChoices):
    NEWSLETTER_ITEMS_CHANGED = "newsletterissue.items", "Newsletter issue items changed"
    NEWSLETTER_TEST = "newsletter.test", "Newsletter test sent"
    NEWSLETTER_SEND = "newsletter.send", "Newsletter sent"
    NEWSLETTER_UNSUBSCRIBE = "newsletter.unsubscribe", "Unsubscribed from the newsletter"
    NEWSLETTER_SUBSCRIBE = "newsletter.subscribe", "Subscribed to the newsletter (confirmed)"
    RESEARCH_NEWS_SUBMIT = "research_news.submit", "Research news submitted"
    RESEARCH_NEWS_APPROVE = "research_news.approve", "Research news approved"
    RESEARCH_NEWS_REJECT = "research_news.reject", "Research news rejected"
    ACCOUNT_ERASED = "news.account_erased", "News records of an erased account removed"


# Edited in the admin (`AuditedModelAdmin`).
NewsAdminEdit = audit_actions("News")(
    admin_edit_actions(
        "NewsAdminEdit",
        {
            "post": "Post",
            "newsletterissue": "Newsletter issue",
            "newslettersubscriber": "Newsletter subscriber",
        },
        module=__name__,
    )
)
