"""A meeting's iPosters: one per accepted poster abstract, or added by staff by hand, with the
presenter's file, the previews a task makes of it, and "meet the presenter" times."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from icis.core.models import TimeStampedModel
from icis.core.storage import private_storage

from ..models import Meeting
from ..virtual.hosts import URL_MAX_LENGTH, validate_https_url


def _poster_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"posters/{instance.meeting_id}/{uuid.uuid4().hex}.{extension}"


class PosterSettings(models.Model):
    """What a meeting's presenters may upload."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="poster_settings"
    )
    max_mb = models.PositiveSmallIntegerField(
        "largest file (MB)", default=10, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    max_pages = models.PositiveSmallIntegerField(
        "most PDF pages", default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    uploads_open = models.BooleanField(
        default=True, help_text="Presenters may upload or replace their poster."
    )

    class Meta:
        verbose_name_plural = "poster settings"

    def __str__(self) -> str:
        return f"Poster settings of {self.meeting}"


class Poster(TimeStampedModel):
    class FileKind(models.TextChoices):
        PDF = "pdf", "PDF"
        PNG = "png", "PNG image"
        JPEG = "jpeg", "JPEG image"

    class PreviewState(models.TextChoices):
        NONE = "none", "No file yet"
        QUEUED = "queued", "Waiting to be processed"
        MAKING = "making", "Making the preview"
        READY = "ready", "Ready"
        FAILED = "failed", "The preview could not be made"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="posters")
    abstract = models.OneToOneField(
        "abstracts.Abstract",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="poster",
        help_text="The accepted abstract it presents. Empty for a poster staff add by hand.",
    )
    title = models.CharField(max_length=300)
    topic = models.CharField(max_length=200, blank=True)
    board_number = models.CharField(max_length=20, blank=True, help_text="For example P3-12.")
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posters",
        help_text="The account that uploads the poster and answers questions.",
    )
    presenter_name = models.CharField(max_length=200)
    presenter_affiliation = models.CharField(max_length=300, blank=True)
    summary = models.TextField(
        blank=True, help_text="Shown beside a poster added by hand (others show their abstract)."
    )
    is_shown = models.BooleanField("shown in the gallery", default=True)

    # The presenter's file, checked by content, and what the preview task made of it.
    file = models.FileField(
        storage=private_storage, upload_to=_poster_path, max_length=200, blank=True
    )
    file_kind = models.CharField(max_length=10, choices=FileKind.choices, blank=True)
    file_name = models.CharField(max_length=200, blank=True, help_text="As uploaded, cleaned.")
    file_pages = models.PositiveSmallIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    preview = models.FileField(
        storage=private_storage, upload_to=_poster_path, max_length=200, blank=True
    )
    thumbnail = models.FileField(
        storage=private_storage, upload_to=_poster_path, max_length=200, blank=True
    )
    preview_width = models.PositiveIntegerField(null=True, blank=True)
    preview_height = models.PositiveIntegerField(null=True, blank=True)
    preview_state = models.CharField(
        max_length=10, choices=PreviewState.choices, default=PreviewState.NONE
    )
    preview_error = models.CharField(max_length=300, blank=True)
    narration_url = models.URLField(
        "narration",
        max_length=URL_MAX_LENGTH,
        blank=True,
        validators=[validate_https_url],
        help_text="An https link to a short audio or video narration.",
    )

    class Meta:
        ordering = ["topic", "board_number", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "board_number"],
                condition=~Q(board_number=""),
                name="posters_one_poster_per_board",
            )
        ]

    def __str__(self) -> str:
        return f"{self.board_number} {self.title}".strip()


class PresenterSlot(models.Model):
    """A "meet the presenter" time, when the presenter is at the poster to talk."""

    poster = models.ForeignKey(Poster, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    where = models.CharField(
        max_length=200, blank=True, help_text="For example the video room's name."
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="posters_slot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.poster}: {self.starts_at:%d %b %H:%M}"


from . import engagement_models  # noqa: E402, F401  (attendees' questions, votes, opens)
