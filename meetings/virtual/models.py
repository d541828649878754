"""The virtual meeting's own records. Hosts of video players staff approved live here, as every
part of the platform (sessions, poster narrations, booth videos) embeds only from them; and
the sessions' recordings, with who watched which."""

from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .hosts import URL_MAX_LENGTH, validate_host_name, validate_https_url

# A recording lasts at most a day (a whole day's stream in one piece).
MAX_DURATION_SECONDS = 24 * 3600


class EmbedHost(models.Model):
    """A video host staff approved: players from it may be embedded on the platform's pages
    (the page's Content-Security-Policy then allows it as a frame source). Links to any other
    https host are shown as plain links."""

    host = models.CharField(
        max_length=253,
        unique=True,
        validators=[validate_host_name],
        help_text="The player's host name exactly, e.g. player.vimeo.com (no https://, no path).",
    )
    name = models.CharField(max_length=100, help_text="What attendees see, e.g. Vimeo.")
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["host"]
        verbose_name = "approved video host"

    def __str__(self) -> str:
        return f"{self.name} ({self.host})"


class Recording(models.Model):
    """A recording of a program session, watched on demand (a session may have several: one
    per talk, or in parts). Hidden once `available_until` has passed."""

    session = models.ForeignKey(
        "meetings.Session", on_delete=models.CASCADE, related_name="recordings"
    )
    title = models.CharField(max_length=300)
    url = models.URLField(
        "address",
        max_length=URL_MAX_LENGTH,
        validators=[validate_https_url],
        help_text="An https address; the player is embedded only from an approved video host.",
    )
    duration_seconds = models.PositiveIntegerField(
        "duration (seconds)",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_SECONDS)],
    )
    available_until = models.DateTimeField(
        null=True, blank=True, help_text="Hidden from attendees after this. Empty: always."
    )
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["session__day__date", "session__start_time", "session_id", "ordering", "pk"]
        indexes = [models.Index(fields=["session", "ordering"], name="virtual_recording_order")]

    def __str__(self) -> str:
        return self.title

    def available(self, now: datetime) -> bool:
        return self.available_until is None or now < self.available_until

    @property
    def duration_display(self) -> str:
        hours, rest = divmod(self.duration_seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class RecordingView(models.Model):
    """An attendee watched a recording: written once, when they first open it (the unique key
    makes two tabs or a double click record it once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recording_views"
    )
    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="views")
    first_watched_at = models.DateTimeField()

    class Meta:
        ordering = ["first_watched_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "recording"], name="virtual_watched_once_per_recording"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} watched {self.recording}"
