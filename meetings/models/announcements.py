"""Emails to a meeting's confirmed registrants."""

from django.conf import settings
from django.db import models

from icis.core.models import TimeStampedModel

from .meeting import Meeting
from .registration import RegistrationCategory


class Announcement(TimeStampedModel):
    """An email to the meeting's confirmed registrants (or one category), sent once each."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="announcements")
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    category = models.ForeignKey(
        RegistrationCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Empty: every confirmed registrant.",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject
