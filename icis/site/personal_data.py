"""The society's pages in the personal-data registry (`icis.accounts.personal_data`): messages
sent to the office from the contact page by any of the account's addresses."""

from datetime import datetime

from django.db.models import Q

from icis.accounts import personal_data

from .models import ContactMessage


def _messages(user):
    by_address = Q()
    for address in personal_data.account_addresses(user):
        by_address |= Q(email__iexact=address)
    return ContactMessage.objects.filter(by_address)


def account_export(*, user) -> dict:
    return {
        "contact_messages": [
            {
                "sent": message.created_at.isoformat(),
                "name": message.name,
                "email": message.email,
                "topic": message.get_topic_display(),
                "message": message.message,
            }
            for message in _messages(user).order_by("pk")
        ]
    }


def account_erase(*, user, now: datetime) -> None:
    messages = _messages(user)
    personal_data.audit_targets_forget(
        model=ContactMessage,
        ids=messages.values_list("pk", flat=True),
        label="erased contact message",
    )
    messages.delete()


def register() -> None:
    personal_data.register(
        "site",
        export=account_export,
        erase=account_erase,
        exported=["site_pages.ContactMessage"],
        erased=["site_pages.ContactMessage"],
    )
