"""The scientists named on a meeting's pages, and its committees."""

from django.conf import settings
from django.db import models
from django_countries.fields import CountryField

from icis.core.images import PictureField
from icis.core.models import TimeStampedModel

from .meeting import Meeting


class Person(TimeStampedModel):
    """A scientist named on a meeting's pages: committee member, chair, speaker. Entered once and
    reused across committees, sessions and meetings."""

    name = models.CharField(max_length=200)
    affiliation = models.CharField(max_length=300, blank=True)
    country = CountryField(blank=True)
    photo = PictureField(
        upload_to="people/",
        alt_field="photo_alt",
        width_field="photo_width",
        height_field="photo_height",
        help_text="Optional: a portrait, JPEG, PNG or WebP, at most 8 MB.",
    )
    photo_alt = models.CharField(
        "photo description",
        max_length=200,
        blank=True,
        help_text="For example: Portrait of Jane Doe. Required with a photo.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="The person's account on this site, if they have one.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name}, {self.affiliation}" if self.affiliation else self.name


class Committee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="committees")
    name = models.CharField(max_length=200)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.meeting})"


class CommitteeMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"
        MEMBER = "member", "Member"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="committee_roles")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person"], name="meetings_person_once_per_committee"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name} ({self.get_role_display()})"
