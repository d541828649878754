"""The meeting website's content: meetings (with their inlines), committees, people, sponsors,
partners and the program."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize

from icis.core.admin import AuditedModelAdmin, InlineChangesAuditedMixin
from icis.core.admin_lists import LabelledTabularInline
from icis.core.admin_markdown import MarkdownPreviewMixin

from .. import communications
from ..models import (
    Accreditation,
    Committee,
    CommitteeMember,
    ComplianceNotice,
    FeeWindow,
    FormatChange,
    GrantAcknowledgement,
    Meeting,
    Partner,
    Person,
    ProgramDay,
    RefundRule,
    RegistrationCategory,
    RegistrationSettings,
    Session,
    Sponsor,
    SponsorTier,
    Talk,
    TalkSpeaker,
)
from .sections import MeetingSectionsMixin, Section, SectionLink


class FormatChangeInline(MarkdownPreviewMixin, admin.StackedInline):
    model = FormatChange
    extra = 0


class AccreditationInline(MarkdownPreviewMixin, admin.StackedInline):
    model = Accreditation
    extra = 0


class ComplianceNoticeInline(MarkdownPreviewMixin, admin.StackedInline):
    model = ComplianceNotice
    extra = 0


class GrantInline(LabelledTabularInline):
    model = GrantAcknowledgement
    extra = 0


class CommitteeInline(LabelledTabularInline):
    model = Committee
    fields = ["name", "ordering"]
    extra = 0
    show_change_link = True


class SponsorTierInline(LabelledTabularInline):
    model = SponsorTier
    extra = 0


class ProgramDayInline(LabelledTabularInline):
    model = ProgramDay
    extra = 0
    show_change_link = True


# --- Registration: the meeting's settings, refund policy, price windows and categories -------


class RegistrationSettingsInline(MarkdownPreviewMixin, admin.StackedInline):
    model = RegistrationSettings
    max_num = 1
    extra = 1
    can_delete = False
    verbose_name_plural = "registration settings"


class RefundRuleInline(LabelledTabularInline):
    model = RefundRule
    extra = 0
    verbose_name_plural = "refund policy (cancelled on or before the date: the percent back)"


class FeeWindowInline(LabelledTabularInline):
    model = FeeWindow
    extra = 0
    verbose_name_plural = "fee windows (prices are set on each category)"


class RegistrationCategoryInline(LabelledTabularInline):
    model = RegistrationCategory
    fields = [
        "name",
        "slug",
        "requires_membership",
        "requires_trainee",
        "is_public",
        "capacity",
        "ordering",
    ]
    prepopulated_fields = {"slug": ["name"]}
    extra = 0
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(MeetingSectionsMixin, InlineChangesAuditedMixin, AuditedModelAdmin):
    """The meeting's core details; its content, program, registration, sponsors and virtual
    platform are sections of their own (meetings/admin/sections.py)."""

    list_display = ["name", "edition", "start_date", "city", "format", "status", "is_current"]
    list_filter = ["status", "format", "is_current"]
    search_fields = ["name", "city", "tagline"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "start_date"
    actions = ["draft_format_change_announcement"]
    details = [
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
    ]
    sections = [
        Section(
            "content",
            "Content",
            fieldsets=[
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
                )
            ],
            inlines=[
                FormatChangeInline,
                CommitteeInline,
                GrantInline,
                AccreditationInline,
                ComplianceNoticeInline,
            ],
            links=[
                SectionLink("Committees", "meetings.committee"),
                SectionLink("People", "meetings.person", None),
                SectionLink("Announcements", "meetings.announcement"),
            ],
        ),
        Section(
            "program",
            "Program",
            inlines=[ProgramDayInline],
            links=[
                SectionLink("Program days", "meetings.programday"),
                SectionLink("Sessions", "meetings.session", "day__meeting__id__exact"),
                SectionLink("Talks", "meetings.talk", "session__day__meeting__id__exact"),
            ],
        ),
        Section(
            "registration",
            "Registration",
            inlines=[
                RegistrationSettingsInline,
                RefundRuleInline,
                FeeWindowInline,
                RegistrationCategoryInline,
            ],
            links=[
                SectionLink("Categories and prices", "meetings.registrationcategory"),
                SectionLink("Promo codes", "meetings.promocode"),
                SectionLink("Registrations", "meetings.registration"),
            ],
        ),
        Section(
            "sponsors",
            "Sponsors",
            inlines=[SponsorTierInline],
            links=[
                SectionLink("Sponsor tiers", "meetings.sponsortier"),
                SectionLink("Sponsors", "meetings.sponsor"),
                SectionLink("Society partners", "meetings.partner", None),
            ],
        ),
        Section(
            "virtual",
            "Virtual platform",
            links=[
                SectionLink("Recordings", "virtual.recording", "session__day__meeting__id__exact"),
                SectionLink("Posters", "posters.poster"),
                SectionLink("Poster settings", "posters.postersettings", None),
                SectionLink("Exhibitor booths", "exhibitors.booth", "sponsor__meeting__id__exact"),
                SectionLink("Tournaments", "tournament.tournament", None),
            ],
        ),
    ]

    def has_draft_announcement_permission(self, request) -> bool:
        return request.user.has_perm("meetings.add_announcement")

    @admin.action(
        description="Draft an announcement of the latest format change",
        permissions=["draft_announcement"],
    )
    def draft_format_change_announcement(self, request, queryset):
        drafted = []
        for meeting in queryset:
            change = meeting.format_changes.order_by("-changed_on", "-pk").first()
            if change is None:
                self.message_user(
                    request, f"{meeting}: no format change to announce.", messages.WARNING
                )
                continue
            drafted.append(
                communications.announcement_draft_from_format_change(
                    change=change, actor=request.user
                )
            )
        if not drafted:
            return None
        self.message_user(
            request,
            f"Drafted {len(drafted)} announcement{pluralize(len(drafted))}: check the text, send "
            "yourself a test, then send it.",
            messages.SUCCESS,
        )
        if len(drafted) == 1:
            return redirect("admin:meetings_announcement_change", drafted[0].pk)
        return redirect("admin:meetings_announcement_changelist")


class CommitteeMemberInline(LabelledTabularInline):
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
        "logo_alt",
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
    filter_horizontal = ["meetings"]
    fields = [
        "name",
        "logo",
        "logo_alt",
        "website",
        "description",
        "meetings",
        "ordering",
        "is_active",
    ]


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


class TalkSpeakerInline(LabelledTabularInline):
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


class TalkInline(LabelledTabularInline):
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
