"""The virtual meeting's own records. Hosts of video players staff approved live here, as every
part of the platform (sessions, poster narrations, booth videos) embeds only from them."""

from django.db import models

from .hosts import validate_host_name


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
