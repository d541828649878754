from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One state-changing act: who did what, to which object, when.

    Written only by `audit_record`."""

    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the system acted (a scheduled task, a webhook).",
    )
    # Kept as text as well, so the entry still reads right after the account is deleted.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        who = self.actor_label or "system"
        return f"{self.created_at:%Y-%m-%d %H:%M} {who}: {self.action} {self.object_label}".strip()


class ExampleSetting(models.Model):
    """A setting the demo filled in with an example (a price, an award rule, a program time)
    that the society's own pages do not give: staff replace it, then remove the mark."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    object_label = models.CharField("setting", max_length=300)
    note = models.CharField(max_length=300, help_text="What to replace, and where.")
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["content_type", "object_label"]
        verbose_name = "example setting to replace"
        verbose_name_plural = "example settings to replace"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="core_one_example_mark_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_label}: {self.note}"
