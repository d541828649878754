"""A call's abstract book: the PDF staff build from the accepted, released abstracts. It is
built by a Celery task (never in a request) that records its progress here; the file is kept
in private storage and served to staff only."""

from django.core.files.storage import storages
from django.db import models

from icis.core.models import TimeStampedModel

from .models import AbstractCall


def private_storage():
    return storages["private"]


def _book_path(instance, filename: str) -> str:
    return f"abstracts/{instance.call_id}/{filename}"


class AbstractBook(TimeStampedModel):
    """One per call; building it again replaces the file."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        BUILDING = "building", "Building"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    call = models.OneToOneField(AbstractCall, on_delete=models.CASCADE, related_name="book")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent, 0 to 100.")
    abstract_count = models.PositiveIntegerField(default=0)
    file = models.FileField(
        storage=private_storage, upload_to=_book_path, max_length=200, blank=True
    )
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="abstracts_book_progress_percent"
            )
        ]

    def __str__(self) -> str:
        return f"Abstract book, {self.call.meeting}"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)
