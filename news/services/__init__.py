"""News' writes: sending Signals+ and unsubscribing from it (`newsletter`), and members'
research news, submitted and reviewed (`research`). Every public name is also importable from
`news.services`."""

from .newsletter import (
    newsletter_send,
    newsletter_send_test,
    newsletter_unsubscribe,
    newsletter_unsubscribe_email,
    newsletter_unsubscribe_token,
    newsletter_unsubscribe_url,
)
from .research import (
    doi_normalise,
    paper_url_check,
    research_news_approve,
    research_news_reject,
    research_news_submit,
)
from .subscription import (
    newsletter_confirmation_read,
    newsletter_subscribe,
    newsletter_subscribe_confirm,
)

__all__ = [
    "doi_normalise",
    "newsletter_confirmation_read",
    "newsletter_send",
    "newsletter_send_test",
    "newsletter_subscribe",
    "newsletter_subscribe_confirm",
    "newsletter_unsubscribe",
    "newsletter_unsubscribe_email",
    "newsletter_unsubscribe_token",
    "newsletter_unsubscribe_url",
    "paper_url_check",
    "research_news_approve",
    "research_news_reject",
    "research_news_submit",
]
