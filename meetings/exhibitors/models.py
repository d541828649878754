"""A meeting's exhibitor hall: a booth for a sponsor or exhibitor, its opening hours, staff,
resources, the anonymous count of visits, and the contact requests attendees leave."""

import uuid

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q

from icis.core.storage import private_storage

from ..models import Sponsor
from ..virtual.hosts import URL_MAX_LENGTH, validate_https_url

MESSAGE_MAX_LENGTH = 500
HOURS_MAX_ROWS = 12
RESOURCES_MAX_ROWS = 12
RESOURCE_MAX_MB = 10
RESOURCE_MAX_PAGES = 50


def _resource_path(instance, filename: str) -> str:
    return f"exhibitors/{instance.booth_id}/{uuid.uuid4().hex}.pdf"


class Booth(models.Model):
    """A sponsor's or exhibitor's booth in the meeting's virtual hall."""

    sponsor = models.OneToOneField(Sponsor, on_delete=models.CASCADE, related_name="booth")
    description = models.TextField(
        max_length=4000, blank=True, help_text="What the booth page says, in plain text."
    )
    video_url = models.CharField(
        "video address",
        max_length=URL_MAX_LENGTH,
        blank=True,
        validators=[validate_https_url],
        help_text="Embedded only when its host is an approved video host; else a plain link.",
    )
    is_listed = models.BooleanField(
        "shown in the hall", default=True, help_text="Untick to hide the booth from the hall."
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="BoothStaff", related_name="booths", blank=True
    )

    class Meta:
        ordering = ["sponsor__ordering", "sponsor__name"]

    def __str__(self) -> str:
        return f"Booth of {self.sponsor.name}"

    @property
    def meeting_id(self) -> int:
        return self.sponsor.meeting_id


class BoothStaff(models.Model):
    """An account that staffs the booth: it enters the booth's pages and reads its leads."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="staff_links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="booth_links"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booth", "user"], name="exhibitors_staff_once")
        ]
        verbose_name = "booth staff member"
        verbose_name_plural = "booth staff"

    def __str__(self) -> str:
        return str(self.user)


class BoothHours(models.Model):
    """When the booth is staffed, in the meeting's time zone."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="hours")
    day = models.DateField()
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["day", "opens"]
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="exhibitors_hours_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%d %b} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": "The booth closes after it opens."})
        try:
            meeting = self.booth.sponsor.meeting
        except ObjectDoesNotExist:  # a new booth, its sponsor not chosen yet
            meeting = None
        if meeting and self.day and not meeting.start_date <= self.day <= meeting.end_date:
            raise ValidationError({"day": "Choose a day of the meeting."})


class BoothResource(models.Model):
    """A PDF (kept privately, served to attendees and booth staff) or an https link."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200)
    file = models.FileField(
        upload_to=_resource_path,
        storage=private_storage,
        blank=True,
        max_length=200,
        help_text=f"A PDF of at most {RESOURCE_MAX_MB} MB and {RESOURCE_MAX_PAGES} pages.",
    )
    original_name = models.CharField(max_length=200, blank=True, editable=False)
    url = models.CharField(
        "link",
        max_length=URL_MAX_LENGTH,
        blank=True,
        validators=[validate_https_url],
        help_text="An https:// address, for a resource that is a link rather than a file.",
    )
    downloads = models.PositiveIntegerField(default=0, editable=False)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="exhibitors_resource_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    def clean(self) -> None:
        if bool(self.file) == bool(self.url):
            raise ValidationError("Give either a PDF or a link, not both.")


class BoothVisitDay(models.Model):
    """How many times attendees opened the booth on a day: a count, never who."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="visit_days")
    day = models.DateField()
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["booth", "day"], name="exhibitors_visit_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.visits}"


class Lead(models.Model):
    """An attendee's request to be contacted by a booth, with exactly what they chose to share
    as it was when they sent it, and the consent text they were shown."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="leads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="booth_leads"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    institution = models.CharField(max_length=300, blank=True)
    country = models.CharField(max_length=100, blank=True)
    message = models.TextField(max_length=MESSAGE_MAX_LENGTH, blank=True)
    consent_text = models.TextField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["booth", "user"], name="exhibitors_lead_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.booth}"
