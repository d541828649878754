"""The audit log's one writer. Every state-changing service calls `audit_record`."""

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .models import AuditEntry


def audit_record(
    *,
    actor: Any | None,
    action: str,
    target: models.Model | None = None,
    data: dict | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    """Record that `actor` (a user, or None for the system) did `action` to `target`."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        created_at=now or timezone.now(),
        actor=actor,
        actor_label=actor.get_username() if actor else "",
        action=action,
        data=data or {},
    )
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.object_id = str(target.pk)
        entry.object_label = str(target)[:300]
    entry.save()
    return entry


def audit_actor_forget(*, user) -> int:
    """The person's account is being erased: their acts stay in the log, unnamed."""
    return AuditEntry.objects.filter(actor=user).update(actor=None, actor_label="erased account")
