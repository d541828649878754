from django.contrib import admin

from icis.core.admin import AuditedModelAdmin

from . import audit  # noqa: F401  (registers the admin's audit actions)
from .models import EmbedHost


@admin.register(EmbedHost)
class EmbedHostAdmin(AuditedModelAdmin):
    list_display = ["host", "name", "approved_at"]
    search_fields = ["host", "name"]
