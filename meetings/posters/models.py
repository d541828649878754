"""A meeting's iPosters: one per accepted poster abstract, or added by staff by hand."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from icis.core.models import TimeStampedModel

from ..models import Meeting


class Poster(TimeStampedModel):
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
