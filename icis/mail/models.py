from django.db import models
from django.utils import timezone


class OutboundEmail(models.Model):
    """One email to one recipient, stored before it is sent, so nothing is lost or sent twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    to_email = models.EmailField("to", max_length=254)
    from_email = models.CharField(max_length=300)
    subject = models.CharField(max_length=500)
    body_text = models.TextField("plain text")
    body_html = models.TextField("HTML", blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(
        default=list,
        blank=True,
        help_text='Files built when sent, such as [{"kind": "payment_receipt", "id": 12}].',
    )
    template = models.CharField(max_length=200, blank=True, db_index=True)
    context = models.JSONField(default=dict, blank=True)
    # What makes this email unique: a scheduled email's key names its subject and occasion
    # ("renewal:<membership>:<notice>"), so however often the schedule runs it is queued once.
    dedupe_key = models.CharField(max_length=200, unique=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sending_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "email"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="mail_due_idx"),
            models.Index(fields=["to_email"], name="mail_to_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_email}"
