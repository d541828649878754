"""Emails to a meeting's confirmed attendees: staff announcements and the reminder with the
access details."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.dates import day_text
from icis.core.locks import lock_one
from icis.mail.services import Message, emails_queue_bulk

from .audit import MeetingAction, MeetingsAdminEdit
from .models import Announcement, FormatChange, Registration, RegistrationSettings
from .registration import meeting_today

Status = Registration.Status


def announcement_recipients(announcement: Announcement):
    registrations = Registration.objects.filter(
        meeting=announcement.meeting, status=Status.CONFIRMED
    )
    if announcement.category_id:
        registrations = registrations.filter(category=announcement.category_id)
    return registrations.select_related("user")


def _announcement_messages(announcement: Announcement, registrations) -> list[Message]:
    from django.conf import settings as django_settings
    from django.template.loader import render_to_string

    from icis.core.markup import markdown_to_html

    site = {
        "site_url": django_settings.SITE_URL,
        "society_name": django_settings.SOCIETY_NAME,
        "society_short_name": django_settings.SOCIETY_SHORT_NAME,
    }
    context = {
        **site,
        "meeting": announcement.meeting.name,
        "body": announcement.body,
        "body_html": markdown_to_html(announcement.body),
    }
    text = render_to_string("meetings/email/announcement.txt", context)
    html = render_to_string("meetings/email/announcement.html", context)
    subject = f"[{announcement.meeting.name}] {announcement.subject}"
    return [
        Message(
            to=registration.user.email,
            subject=subject,
            body_text=text,
            body_html=html,
            template="meetings/email/announcement",
            dedupe_key=f"announcement:{announcement.pk}:{registration.pk}",
            context={"announcement": announcement.pk},
        )
        for registration in registrations
    ]


def announcement_send_test(*, announcement_id: int, actor) -> None:
    import uuid

    announcement = Announcement.objects.select_related("meeting").get(pk=announcement_id)
    message = _announcement_messages(announcement, [Registration(pk=0, user=actor)])[0]
    emails_queue_bulk(
        [
            Message(
                **{
                    **message.__dict__,
                    "to": actor.email,
                    "subject": f"[Test] {message.subject}",
                    "dedupe_key": f"announcement-test:{announcement.pk}:{uuid.uuid4().hex}",
                }
            )
        ]
    )


def announcement_send(*, announcement_id: int, actor, now: datetime | None = None) -> int:
    """Send to every confirmed registrant (or the category) once: pressing send twice, or a
    retry, queues nobody twice. Returns how many were queued now."""
    now = now or timezone.now()
    with transaction.atomic():
        announcement = lock_one(
            Announcement.objects.select_related("meeting"), of=("self",), pk=announcement_id
        )
        messages = _announcement_messages(announcement, announcement_recipients(announcement))
        queued = emails_queue_bulk(messages, now=now)
        if announcement.sent_at is None:
            announcement.sent_at = now
            announcement.sent_by = actor
        announcement.recipients = len(messages)
        announcement.save(update_fields=["sent_at", "sent_by", "recipients"])
        audit_record(
            actor=actor,
            action=MeetingAction.ANNOUNCEMENT_SEND,
            target=announcement,
            data={"queued": queued, "recipients": len(messages)},
        )
    return queued


def meeting_reminders_queue(*, now: datetime | None = None) -> int:
    """Beat: the reminder with the access details, a set number of days before the meeting."""
    now = now or timezone.now()
    queued = 0
    for registration_settings in RegistrationSettings.objects.filter(
        access_published=True
    ).select_related("meeting"):
        meeting = registration_settings.meeting
        today = meeting_today(meeting, now)
        if not (
            meeting.start_date - timedelta(days=registration_settings.reminder_days_before)
            <= today
            < meeting.start_date
        ):
            continue
        from django.conf import settings as django_settings
        from django.template.loader import render_to_string

        from icis.core.markup import markdown_to_html

        messages = []
        for registration in Registration.objects.filter(
            meeting=meeting, status=Status.CONFIRMED
        ).select_related("user"):
            context = {
                "site_url": django_settings.SITE_URL,
                "society_name": django_settings.SOCIETY_NAME,
                "society_short_name": django_settings.SOCIETY_SHORT_NAME,
                "name": registration.user.get_short_name(),
                "meeting": meeting.name,
                "starts": day_text(meeting.start_date, weekday=True),
                "access": registration_settings.access_details,
                "access_html": markdown_to_html(registration_settings.access_details),
                "attend_path": f"{meeting.get_absolute_url()}attend/",
            }
            messages.append(
                Message(
                    to=registration.user.email,
                    subject=f"[{meeting.name}] Starting {meeting.start_date:%-d %B}: how to join",
                    body_text=render_to_string("meetings/email/meeting_reminder.txt", context),
                    body_html=render_to_string("meetings/email/meeting_reminder.html", context),
                    template="meetings/email/meeting_reminder",
                    dedupe_key=f"meeting-reminder:{registration.pk}",
                )
            )
        with transaction.atomic():
            queued += emails_queue_bulk(messages, now=now)
    return queued


@transaction.atomic
def announcement_draft_from_format_change(*, change: FormatChange, actor) -> Announcement:
    """A draft announcement of a format change. Announcements are content staff write and edit
    in the admin (no service creates them), so an audited create is all it takes; sending is
    the service's job."""
    announcement = Announcement.objects.create(
        meeting_id=change.meeting_id, subject=change.title, body=change.explanation
    )
    audit_record(
        actor=actor,
        action=MeetingsAdminEdit.ANNOUNCEMENT_CREATE,
        target=announcement,
        data={"format_change": change.pk},
    )
    return announcement
