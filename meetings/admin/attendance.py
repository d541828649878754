"""The waitlist and CME claims (read-only)."""

from django.contrib import admin
from django.utils import timezone

from icis.core.admin import ReadOnlyAdminMixin
from icis.core.spreadsheets import csv_response

from ..models import CmeClaim, WaitlistEntry
from .filters import CategoryFilter
from .registration import ATTENDEE_COLUMNS, attendee_cells


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "email",
        "meeting",
        "category",
        "status",
        "created_at",
        "offered_at",
        "offer_expires_at",
    ]
    list_filter = ["meeting", CategoryFilter, "status"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "meeting", "category"]

    @admin.display(ordering="user__email")
    def email(self, obj: WaitlistEntry):
        return obj.user.email


@admin.register(CmeClaim)
class CmeClaimAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["attendee", "email", "meeting", "credits", "claimed_at"]
    list_filter = ["registration__meeting"]
    search_fields = ["registration__badge_name", "registration__user__email"]
    list_select_related = ["registration__user", "registration__meeting"]
    fields = ["attendee", "email", "meeting", "registration", "credits", "claimed_at", "evaluation"]
    readonly_fields = fields
    actions = ["export_csv"]

    @admin.display(ordering="registration__badge_name")
    def attendee(self, obj: CmeClaim):
        return obj.registration.badge_name

    @admin.display(ordering="registration__user__email")
    def email(self, obj: CmeClaim):
        return obj.registration.user.email

    @admin.display(ordering="registration__meeting__start_date")
    def meeting(self, obj: CmeClaim):
        return obj.registration.meeting

    @admin.action(description="Export claims per attendee as CSV")
    def export_csv(self, request, queryset):
        claims = queryset.select_related(
            "registration__user", "registration__meeting", "registration__category"
        ).order_by("registration__meeting__start_date", "registration__badge_name")
        rows = (
            [
                *attendee_cells(claim.registration),
                claim.credits,
                f"{timezone.localtime(claim.claimed_at):%Y-%m-%d %H:%M}",
            ]
            for claim in claims
        )
        return csv_response(
            "icis-cme-claims.csv", [*ATTENDEE_COLUMNS, "credits", "claimed_at"], rows
        )
