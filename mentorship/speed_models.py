"""Speed mentoring at the annual meeting: a session, a table per mentor and time slot, seats
for registered trainee attendees and a waitlist."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse


class SpeedSession(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="speed_mentoring_sessions"
    )
    title = models.CharField(max_length=200, default="Speed mentoring")
    description = models.TextField(max_length=2000, blank=True)
    location = models.CharField(max_length=200, blank=True)
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.meeting})"

    def get_absolute_url(self) -> str:
        return reverse("mentorship:speed", kwargs={"session_id": self.pk})


class SpeedTable(models.Model):
    """One mentor's table in one time slot, with a few seats."""

    session = models.ForeignKey(SpeedSession, on_delete=models.CASCADE, related_name="tables")
    mentor = models.ForeignKey(
        "mentorship.MentorProfile", on_delete=models.CASCADE, related_name="speed_tables"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField(
        "seats", default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    topic = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.mentor} at {self.starts_at:%Y-%m-%d %H:%M}"


class SpeedSeat(models.Model):
    """A trainee's seat at a table, or their place on its waitlist."""

    table = models.ForeignKey(SpeedTable, on_delete=models.CASCADE, related_name="seats")
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="speed_mentoring_seats"
    )
    waitlisted = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["table", "trainee"], name="mentorship_one_seat_each")
        ]

    def __str__(self) -> str:
        return f"Seat at {self.table}"
