"""What the audit log records about attendees' questions and best-poster voting."""

from django.db import models

from icis.core.audit import admin_edit_actions, audit_actions


@audit_actions("iPosters")
class PosterQAAction(models.TextChoices):
    QUESTION_HIDDEN = "poster.question_hidden", "Question on a poster hidden by staff"


# Edited in the admin (`AuditedModelAdmin`, admin_engagement.py).
PosterVotingAdminEdit = audit_actions("iPosters")(
    admin_edit_actions(
        "PosterVotingAdminEdit",
        {"votecategory": "Best-poster vote category"},
        module=__name__,
    )
)
