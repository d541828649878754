"""What the audit log records about posters (values as stored; see `icis.core.audit`)."""

from django.db import models

from icis.core.audit import admin_edit_actions, audit_actions


@audit_actions("iPosters")
class PosterAction(models.TextChoices):
    SYNCED = "poster.synced", "Posters made from accepted abstracts"
    FILE_UPLOADED = "poster.file_uploaded", "Poster file uploaded"
    DETAILS_SAVED = "poster.details_saved", "Poster narration saved"
    SLOTS_SAVED = "poster.slots_saved", "Meet-the-presenter times saved"
    PREVIEWS_REQUEUED = "poster.previews_requeued", "Poster previews made again"


# Edited in the admin (`AuditedModelAdmin` and its inline).
PostersAdminEdit = audit_actions("iPosters")(
    admin_edit_actions(
        "PostersAdminEdit",
        {
            "postersettings": "Poster settings",
            "poster": "Poster",
            "presenterslot": "Meet-the-presenter time",
        },
        module=__name__,
    )
)
