"""Applications and nominations, their documents, and the referees asked for letters."""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from icis.core.models import TimeStampedModel
from icis.core.storage import private_storage
from members.career import CareerStage

from .programs import AwardCycle, DocumentKind


def _private_path(instance, filename: str) -> str:
    return f"awards/{instance.application.cycle_id}/{uuid.uuid4().hex}.pdf"


class ApplicationQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Application.Status.SUBMITTED)


class Application(TimeStampedModel):
    """An application (the candidate applies) or a nomination (a member proposes someone).

    The candidate's details are copied from their profile at submit, so judging sees what was
    submitted and conflicts are checked against it."""

    class Kind(models.TextChoices):
        APPLICATION = "application", "Application"
        NOMINATION = "nomination", "Nomination"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Decision(models.TextChoices):
        AWARDED = "awarded", "Awarded"
        WAITLISTED = "waitlisted", "Waiting list"
        DECLINED = "declined", "Not selected"

    cycle = models.ForeignKey(AwardCycle, on_delete=models.PROTECT, related_name="applications")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.APPLICATION)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="award_applications",
        help_text="The applicant, or the member who nominated the candidate.",
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_candidacies",
        help_text="The candidate's account, when they have one.",
    )
    abstract = models.ForeignKey(
        "abstracts.Abstract",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_applications",
        help_text="The applicant's abstract to the meeting, when the call asks for one.",
    )
    candidate_name = models.CharField(max_length=200, blank=True)
    candidate_email = models.EmailField(blank=True)
    candidate_institution = models.CharField(max_length=200, blank=True)
    candidate_career_stage = models.CharField(
        max_length=30, choices=CareerStage.choices, blank=True
    )
    candidate_degree_year = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.CharField("title of the work or nomination", max_length=300, blank=True)
    summary = models.TextField(blank=True, max_length=3000, help_text="Up to 3,000 characters.")
    declaration_confirmed = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    citation = models.CharField(
        max_length=300, blank=True, help_text="Shown with the recipient on the public list."
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_released_at = models.DateTimeField(
        null=True, blank=True, help_text="When the decision email was queued. Then it is final."
    )
    benefits_note = models.CharField(max_length=500, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One application of one's own per call; nominations are one per nominator and
            # candidate address.
            models.UniqueConstraint(
                fields=["cycle", "created_by"],
                condition=Q(kind="application"),
                name="award_one_application_per_call",
            ),
            models.UniqueConstraint(
                fields=["cycle", "created_by", "candidate_email"],
                condition=Q(kind="nomination"),
                name="award_one_nomination_per_candidate",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self) -> str:
        who = self.candidate_name or str(self.created_by)
        return f"{self.get_kind_display()} of {who} for {self.cycle}"

    def get_absolute_url(self) -> str:
        return reverse("awards:application", kwargs={"application_id": self.pk})

    @property
    def is_nomination(self) -> bool:
        return self.kind == self.Kind.NOMINATION

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Document(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    file = models.FileField(storage=private_storage, upload_to=_private_path, max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    pages = models.PositiveSmallIntegerField()
    referee = models.OneToOneField(
        "RefereeRequest", null=True, blank=True, on_delete=models.CASCADE, related_name="letter"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=~Q(kind="letter"),
                name="award_document_once_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("awards:file", kwargs={"document_id": self.pk})


REFEREE_REMINDER_GAP = timedelta(days=1)


class RefereeRequest(models.Model):
    """A letter asked of a referee, who uploads it through a signed link without an account."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="referees")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    requested_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "email"], name="award_referee_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def reminder_from(self) -> datetime:
        """A referee is emailed at most once a day: a reminder waits a day after the last."""
        return (self.reminded_at or self.requested_at) + REFEREE_REMINDER_GAP

    def reminder_allowed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.reminder_from
