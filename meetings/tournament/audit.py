"""What the audit log records about the tournament (values as stored; see `icis.core.audit`)."""

from django.db import models

from icis.core.audit import admin_edit_actions, audit_actions


@audit_actions("Tournament")
class TournamentAction(models.TextChoices):
    PRIZE_DRAWN = "tournament.prize_drawn", "Prize drawn"


# Edited in the admin (`AuditedModelAdmin` and the inlines of the tournament and questions).
TournamentAdminEdit = audit_actions("Tournament")(
    admin_edit_actions(
        "TournamentAdminEdit",
        {
            "tournament": "Tournament",
            "pointrule": "Point rule",
            "dailyquestion": "Daily question",
            "dailychoice": "Daily question choice",
            "prizedraw": "Prize draw",
        },
        module=__name__,
    )
)
