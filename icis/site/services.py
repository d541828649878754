"""The society's own pages' writes: a message to the office from the contact page."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record
from icis.mail.services import email_queue

from .audit import SiteAction
from .models import ContactMessage

CONTACT_TEMPLATE = "site/email/contact_message"


@transaction.atomic
def contact_message_send(
    *, name: str, email: str, topic: str, message: str, now: datetime | None = None
) -> ContactMessage:
    """Keep the message and queue it to the office (SOCIETY_OFFICE_EMAIL), with the sender's
    address to reply to."""
    now = now or timezone.now()
    contact = ContactMessage.objects.create(
        created_at=now, name=name, email=email, topic=topic, message=message
    )
    email_queue(
        to=settings.SOCIETY_OFFICE_EMAIL,
        template=CONTACT_TEMPLATE,
        context={
            "name": name,
            "email": email,
            "topic": contact.get_topic_display(),
            "message": message,
            "contact_id": contact.pk,
        },
        dedupe_key=f"contact:{contact.pk}",
        headers={"Reply-To": email},
        now=now,
    )
    audit_record(
        actor=None,
        action=SiteAction.CONTACT_MESSAGE,
        target=contact,
        data={"topic": topic},
        now=now,
    )
    return contact
