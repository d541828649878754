from django.contrib import admin

from icis.core.admin import AuditedModelAdmin

from .models import (
    Accreditation,
    Committee,
    CommitteeMember,
    ComplianceNotice,
    FormatChange,
    GrantAcknowledgement,
    Meeting,
    Partner,
    Person,
    ProgramDay,
    Session,
    Sponsor,
    SponsorTier,
    Talk,
    TalkSpeaker,
)


class FormatChangeInline(admin.StackedInline):
    model = FormatChange
    extra = 0


class AccreditationInline(admin.StackedInline):
    model = Accreditation
    extra = 0


class ComplianceNoticeInline(admin.StackedInline):
    model = ComplianceNotice
    extra = 0


class GrantInline(admin.TabularInline):
    model = GrantAcknowledgement
    extra = 0


class CommitteeInline(admin.TabularInline):
    model = Committee
    fields = ["name", "ordering"]
    extra = 0
    show_change_link = True


class SponsorTierInline(admin.TabularInline):
    model = SponsorTier
    extra = 0


class ProgramDayInline(admin.TabularInline):
    model = ProgramDay
    extra = 0
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(AuditedModelAdmin):
    list_display = ["name", "edition", "start_date", "city", "format", "status", "is_current"]
    list_filter = ["status", "format", "is_current"]
    search_fields = ["name", "city", "tagline"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "start_date"
    inlines = [
        FormatChangeInline,
        CommitteeInline,
        SponsorTierInline,
        GrantInline,
        AccreditationInline,
        ComplianceNoticeInline,
        ProgramDayInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "edition", "tagline", "status", "is_current"]}),
        (
            "When and where",
            {
                "fields": [
                    "start_date",
                    "end_date",
                    "time_zone",
                    "format",
                    "venue",
                    "city",
                    "country",
                    "currency",
                ]
            },
        ),
        (
            "Welcome",
            {
                "fields": [
                    "welcome_text",
                    "hero_image",
                    "hero_image_alt",
                    "welcome_letter",
                    "signature_block",
                ]
            },
        ),
    ]


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    autocomplete_fields = ["person"]
    extra = 3


@admin.register(Committee)
class CommitteeAdmin(AuditedModelAdmin):
    list_display = ["name", "meeting", "ordering"]
    list_filter = ["meeting"]
    list_editable = ["ordering"]
    search_fields = ["name", "members__person__name"]
    inlines = [CommitteeMemberInline]

    def view_on_site(self, obj):
        return f"{obj.meeting.get_absolute_url()}committees/#committee-{obj.pk}"


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ["name", "affiliation", "country", "user"]
    list_filter = ["country"]
    search_fields = ["name", "affiliation", "user__email"]
    autocomplete_fields = ["user"]


class SponsorInline(admin.StackedInline):
    model = Sponsor
    extra = 0
    fields = [
        "name",
        "meeting",
        "logo",
        "website",
        "description",
        "is_exhibitor",
        "booth_text",
        "booth_link",
        "ordering",
    ]


@admin.register(SponsorTier)
class SponsorTierAdmin(AuditedModelAdmin):
    list_display = ["name", "meeting", "rank"]
    list_filter = ["meeting"]
    list_editable = ["rank"]
    inlines = [SponsorInline]


@admin.register(Sponsor)
class SponsorAdmin(AuditedModelAdmin):
    list_display = ["name", "meeting", "tier", "is_exhibitor", "ordering"]
    list_filter = ["meeting", "tier", "is_exhibitor"]
    list_editable = ["ordering"]
    search_fields = ["name", "description"]

    def view_on_site(self, obj):
        return f"{obj.meeting.get_absolute_url()}sponsors/"


@admin.register(Partner)
class PartnerAdmin(AuditedModelAdmin):
    list_display = ["name", "website", "ordering", "is_active"]
    list_editable = ["ordering", "is_active"]
    search_fields = ["name"]


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0
    fields = [
        ("title", "kind", "delivery"),
        ("start_time", "end_time"),
        ("track", "room"),
        "description",
        "chairs",
        "stream_url",
    ]
    autocomplete_fields = ["chairs"]
    show_change_link = True


@admin.register(ProgramDay)
class ProgramDayAdmin(AuditedModelAdmin):
    list_display = ["__str__", "meeting"]
    list_filter = ["meeting"]
    inlines = [SessionInline]

    def view_on_site(self, obj):
        return f"{obj.meeting.get_absolute_url()}program/?day={obj.date:%Y-%m-%d}"


class TalkSpeakerInline(admin.TabularInline):
    model = TalkSpeaker
    autocomplete_fields = ["person"]
    extra = 1


@admin.register(Talk)
class TalkAdmin(AuditedModelAdmin):
    list_display = ["title", "session", "ordering"]
    list_filter = ["session__day__meeting"]
    search_fields = ["title", "speakers__name"]
    inlines = [TalkSpeakerInline]
    autocomplete_fields = ["session"]


class TalkInline(admin.TabularInline):
    model = Talk
    fields = ["title", "start_time", "ordering"]
    extra = 1
    show_change_link = True


@admin.register(Session)
class SessionAdmin(AuditedModelAdmin):
    list_display = ["title", "day", "start_time", "end_time", "kind", "track"]
    list_filter = ["day__meeting", "kind", "delivery", "day"]
    search_fields = ["title", "description", "talks__title", "talks__speakers__name"]
    autocomplete_fields = ["chairs"]
    inlines = [TalkInline]

    def view_on_site(self, obj):
        return f"{obj.day.meeting.get_absolute_url()}program/#session-{obj.pk}"
