"""The waitlist for a full meeting, and attendees' CME credit claims."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .meeting import Meeting
from .registration import Registration, RegistrationCategory


class WaitlistEntry(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        OFFERED = "offered", "Offered a place"
        TAKEN = "taken", "Took the place"
        EXPIRED = "expired", "Offer expired"
        LEFT = "left", "Left the waitlist"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="waitlist")
    category = models.ForeignKey(
        RegistrationCategory, on_delete=models.CASCADE, related_name="waitlist"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "waitlist"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(status__in=["waiting", "offered"]),
                name="meetings_once_on_the_waitlist",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.category} ({self.get_status_display()})"


class CmeClaim(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="cme_claim"
    )
    credits = models.DecimalField(max_digits=5, decimal_places=1)
    evaluation = models.JSONField(default=dict)
    claimed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.credits} credits: {self.registration}"
