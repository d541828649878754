"""A meeting's sponsors and their tiers, grant acknowledgements, the society's partners."""

from django.core.exceptions import ValidationError
from django.db import models

from icis.core.images import LOGO_MAX_BYTES, PictureField

from ..virtual.hosts import validate_https_url
from .meeting import Meeting


class SponsorTier(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sponsor_tiers")
    name = models.CharField(
        max_length=100, help_text="For example Platinum, or Sponsors & Exhibitors."
    )
    rank = models.PositiveSmallIntegerField(default=100, help_text="Lower is shown first.")

    class Meta:
        ordering = ["rank", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.meeting})"


class Sponsor(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sponsors")
    tier = models.ForeignKey(
        SponsorTier, null=True, blank=True, on_delete=models.SET_NULL, related_name="sponsors"
    )
    name = models.CharField(max_length=200)
    logo = PictureField(
        upload_to="sponsors/",
        alt_field="logo_alt",
        max_bytes=LOGO_MAX_BYTES,
        width_field="logo_width",
        height_field="logo_height",
        help_text="PNG, JPEG or WebP, at most 1 MB.",
    )
    logo_alt = models.CharField(
        "logo description",
        max_length=200,
        blank=True,
        help_text="Usually the sponsor's name as the logo writes it. Required with a logo.",
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    is_exhibitor = models.BooleanField("exhibitor", default=False)
    booth_text = models.TextField("virtual booth text", blank=True)
    booth_link = models.URLField("virtual booth link", blank=True)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.tier_id and self.tier.meeting_id != self.meeting_id:
            raise ValidationError({"tier": "Choose a tier of the same meeting."})


class GrantAcknowledgement(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="grants")
    text = models.CharField(
        max_length=300, help_text="For example: This meeting is supported by a grant from …"
    )
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering"]

    def __str__(self) -> str:
        return self.text


class Partner(models.Model):
    """The society's partners, shown at /about/partners/ and on the pages of the meetings they
    are tied to ("Society Partners")."""

    name = models.CharField(max_length=200)
    logo = PictureField(
        upload_to="partners/",
        alt_field="logo_alt",
        max_bytes=LOGO_MAX_BYTES,
        width_field="logo_width",
        height_field="logo_height",
        help_text="PNG, JPEG or WebP, at most 1 MB.",
    )
    logo_alt = models.CharField(
        "logo description",
        max_length=200,
        blank=True,
        help_text="Usually the partner's name as the logo writes it. Required with a logo.",
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    website = models.URLField(
        blank=True, validators=[validate_https_url], help_text="An https:// address."
    )
    meetings = models.ManyToManyField(
        Meeting,
        blank=True,
        related_name="partners",
        help_text="The meetings whose pages show this partner under Society Partners.",
    )
    description = models.TextField(blank=True)
    ordering = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField("shown", default=True)

    class Meta:
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name
