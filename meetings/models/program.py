"""A meeting's program: days, sessions, talks and their speakers."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models

from ..virtual.hosts import URL_MAX_LENGTH, validate_https_url
from .meeting import Meeting
from .people import Person


class ProgramDay(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "date"], name="meetings_one_day_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.date:%A %-d %B}" + (f": {self.title}" if self.title else "")


class Session(models.Model):
    class Kind(models.TextChoices):
        KEYNOTE = "keynote", "Keynote"
        PLENARY = "plenary", "Plenary"
        SYMPOSIUM = "symposium", "Symposium"
        WORKSHOP = "workshop", "Workshop"
        POSTER = "poster", "Poster session"
        AWARDS = "awards", "Awards"
        OTHER = "other", "Other"

    class Delivery(models.TextChoices):
        LIVE = "live", "Live"
        ON_DEMAND = "on_demand", "On demand"

    day = models.ForeignKey(ProgramDay, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SYMPOSIUM)
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.LIVE)
    start_time = models.TimeField(help_text="In the meeting's time zone.")
    end_time = models.TimeField(help_text="In the meeting's time zone.")
    track = models.CharField(max_length=100, blank=True)
    room = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    chairs = models.ManyToManyField(Person, blank=True, related_name="chaired_sessions")
    stream_url = models.URLField(
        "live stream",
        max_length=URL_MAX_LENGTH,
        blank=True,
        validators=[validate_https_url],
        help_text="An https address, shown only to registered attendees from shortly before the "
        "session starts until it ends; embedded only from an approved video host.",
    )

    class Meta:
        ordering = ["day__date", "start_time", "track", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "A session must end after it starts."})

    @property
    def starts_at(self) -> datetime:
        return self.day.meeting.at(self.day.date, self.start_time)

    @property
    def ends_at(self) -> datetime:
        return self.day.meeting.at(self.day.date, self.end_time)


class Talk(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="talks")
    title = models.CharField(max_length=300)
    speakers = models.ManyToManyField(Person, through="TalkSpeaker", related_name="talks")
    start_time = models.TimeField(null=True, blank=True)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "start_time", "pk"]

    def __str__(self) -> str:
        return self.title


class TalkSpeaker(models.Model):
    talk = models.ForeignKey(Talk, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.PROTECT)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["talk", "person"], name="meetings_speaker_once_per_talk"
            )
        ]

    def __str__(self) -> str:
        return self.person.name
