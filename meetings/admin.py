from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import (
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    Value,
)
from django.db.models.functions import Cast, Concat, TruncDate
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django_countries import countries
from django_countries.fields import CountryField

from icis.core.admin import AuditedModelAdmin, ReadOnlyAdminMixin
from icis.core.audit import audit_record
from icis.core.forms import MoneyAmountField
from icis.core.markup import markdown_to_html
from icis.core.money import format_money, minor_unit_digits
from icis.core.spreadsheets import csv_response
from icis.core.validators import id_or_none
from icis.mail.mailing_admin import MailingAdminMixin
from icis.mail.models import OutboundEmail
from icis.payments.exceptions import PaymentError

from . import communications
from . import registration as registration_services
from .admin_money import FeeForm, amount_clean, amount_initial
from .exceptions import RegistrationError, SoldOut
from .member_rate import member_rate_condition
from .models import (
    Accreditation,
    Announcement,
    CmeClaim,
    Committee,
    CommitteeMember,
    ComplianceNotice,
    Fee,
    FeeWindow,
    FormatChange,
    GrantAcknowledgement,
    Meeting,
    Partner,
    Person,
    ProgramDay,
    PromoCode,
    RefundRule,
    Registration,
    RegistrationCategory,
    RegistrationSettings,
    Session,
    Sponsor,
    SponsorTier,
    Talk,
    TalkSpeaker,
    WaitlistEntry,
)

User = get_user_model()


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


# --- Registration: the meeting's settings, refund policy, price windows and categories -------


class InlineChangesAuditedMixin:
    """AuditedModelAdmin audits the object on the page; this audits what its inlines add,
    change and delete too (prices, refund rules, capacity matter as much as the parent)."""

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_record(actor=request.user, action=f"{obj._meta.model_name}.delete", target=obj)
            obj.delete()
        changed_fields = {id(obj): fields for obj, fields in formset.changed_objects}
        new = {id(obj) for obj in formset.new_objects}
        for obj in instances:
            obj.save()
            created = id(obj) in new
            audit_record(
                actor=request.user,
                action=f"{obj._meta.model_name}.{'create' if created else 'change'}",
                target=obj,
                data={"fields": sorted(changed_fields.get(id(obj), []))},
            )
        formset.save_m2m()


class RegistrationSettingsInline(admin.StackedInline):
    model = RegistrationSettings
    max_num = 1
    extra = 1
    can_delete = False
    verbose_name_plural = "registration settings"


class RefundRuleInline(admin.TabularInline):
    model = RefundRule
    extra = 0
    verbose_name_plural = "refund policy (cancelled on or before the date: the percent back)"


class FeeWindowInline(admin.TabularInline):
    model = FeeWindow
    extra = 0
    verbose_name_plural = "fee windows (prices are set on each category)"


class RegistrationCategoryInline(admin.TabularInline):
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
class MeetingAdmin(InlineChangesAuditedMixin, AuditedModelAdmin):
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
        RegistrationSettingsInline,
        RefundRuleInline,
        FeeWindowInline,
        RegistrationCategoryInline,
    ]
    actions = ["draft_format_change_announcement"]
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
            drafted.append(announcement_draft_from_format_change(change=change, actor=request.user))
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


# --- Registration: categories and their prices, promo codes -----------------------------------


def _category_label(category: RegistrationCategory) -> str:
    return f"{category.name} ({category.meeting.name})"


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories of several meetings share names (Member, Trainee): label them with theirs."""

    def label_from_instance(self, obj):
        return _category_label(obj)


class CategoryMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _category_label(obj)


def _categories():
    return RegistrationCategory.objects.select_related("meeting").order_by(
        "-meeting__start_date", "ordering", "name"
    )


class FeeFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        meeting_id = self.instance.meeting_id
        if meeting_id is None:
            return
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            window = data.get("window")
            if window is not None and not data.get("DELETE") and window.meeting_id != meeting_id:
                form.add_error("window", f"{window} is a fee window of another meeting.")


class FeeInline(admin.TabularInline):
    model = Fee
    form = FeeForm
    formset = FeeFormSet
    fields = ["window", "amount"]
    extra = 0
    verbose_name_plural = "fees (one per fee window, in the meeting's currency)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            # The form class is built afresh for each call, so narrowing its field is safe.
            formset.form.base_fields["window"].queryset = FeeWindow.objects.filter(
                meeting_id=obj.meeting_id
            )
            formset.form.currency = obj.meeting.currency
        return formset


@admin.register(RegistrationCategory)
class RegistrationCategoryAdmin(InlineChangesAuditedMixin, AuditedModelAdmin):
    list_display = [
        "name",
        "meeting",
        "prices",
        "requires_membership",
        "requires_trainee",
        "is_public",
        "capacity",
        "ordering",
    ]
    list_filter = ["meeting", "is_public"]
    search_fields = ["name", "slug", "meeting__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FeeInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("meeting").prefetch_related("fees__window")
        )

    @admin.display(description="prices")
    def prices(self, obj: RegistrationCategory):
        fees = sorted(obj.fees.all(), key=lambda fee: fee.window.ends_on)
        return " · ".join(
            f"{fee.window.name} {format_money(fee.amount, obj.meeting.currency)}" for fee in fees
        )


class PromoCodeForm(forms.ModelForm):
    categories = CategoryMultipleChoiceField(
        queryset=_categories(), required=False, help_text="None chosen: every category."
    )

    class Meta:
        model = PromoCode
        fields = [
            "meeting",
            "code",
            "percent_off",
            "amount_off",
            "max_uses",
            "categories",
            "valid_from",
            "valid_until",
            "is_active",
        ]

    amount_off = MoneyAmountField(
        required=False, min_value=Decimal("0.01"), help_text="In the meeting's currency: 25.00."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            field = self.fields["categories"]
            field.queryset = field.queryset.filter(meeting_id=self.instance.meeting_id)
            amount_initial(self, "amount_off", self.instance.meeting.currency)

    def clean(self):
        # Field errors, so the model's constraints (whose messages only name the constraint)
        # are not checked again on the same fields.
        cleaned = super().clean()
        meeting = cleaned.get("meeting")
        amount_clean(self, "amount_off", meeting.currency if meeting else None)
        if (cleaned.get("percent_off") is None) == (cleaned.get("amount_off") is None):
            self.add_error("amount_off", "Give either a percent off or an amount off (not both).")
        meeting, code = cleaned.get("meeting"), cleaned.get("code")
        if meeting and code:
            taken = PromoCode.objects.filter(meeting=meeting, code__iexact=code)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("code", f"{meeting} already has the code {code.upper()}.")
        other = [
            category
            for category in cleaned.get("categories") or []
            if meeting and category.meeting_id != meeting.pk
        ]
        if other:
            self.add_error(
                "categories",
                "Choose categories of this meeting only (not "
                + ", ".join(_category_label(category) for category in other)
                + ").",
            )
        return cleaned


@admin.register(PromoCode)
class PromoCodeAdmin(AuditedModelAdmin):
    form = PromoCodeForm
    list_display = ["code", "meeting", "discount", "uses", "is_active"]
    list_filter = ["meeting", "is_active"]
    search_fields = ["code"]
    readonly_fields = ["uses"]

    def get_queryset(self, request):
        now = timezone.now()
        # The same count as checkout's: confirmed places and unexpired holds.
        holding = Q(registrations__status=Registration.Status.CONFIRMED) | Q(
            registrations__status=Registration.Status.PENDING,
            registrations__hold_expires_at__gt=now,
        )
        return (
            super()
            .get_queryset(request)
            .select_related("meeting")
            .annotate(used=Count("registrations", filter=holding))
        )

    @admin.display(description="discount")
    def discount(self, obj: PromoCode):
        if obj.percent_off is not None:
            return f"{obj.percent_off}%"
        if obj.amount_off is not None:
            return format_money(obj.amount_off, obj.meeting.currency)
        return ""

    @admin.display(description="uses / max uses", ordering="used")
    def uses(self, obj: PromoCode):
        return f"{getattr(obj, 'used', 0)} / {obj.max_uses}"


# --- Registrations ------------------------------------------------------------------------------


class MemberFilter(admin.SimpleListFilter):
    title = "membership covers the meeting"
    parameter_name = "member"

    def lookups(self, request, model_admin):
        return [("yes", "Covered (member rate)"), ("no", "Not covered")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_member=True)
        if self.value() == "no":
            return queryset.filter(is_member=False)
        return queryset


class CategoryFilter(admin.SimpleListFilter):
    """The filtered meeting's categories; with no meeting chosen, all, labelled by meeting."""

    title = "category"
    parameter_name = "category"

    def lookups(self, request, model_admin):
        meeting_id = id_or_none(request.GET.get("meeting__id__exact"))
        if meeting_id is not None:
            return [
                (str(category.pk), category.name)
                for category in _categories().filter(meeting_id=meeting_id)
            ]
        return [(str(category.pk), _category_label(category)) for category in _categories()]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        category_id = id_or_none(value)
        if category_id is None:
            return queryset.none()
        return queryset.filter(category_id=category_id)


class RegistrationCountryFilter(admin.SimpleListFilter):
    """Only the countries registrants come from (not all 250)."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = Registration.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(
            ((code, countries.name(code)) for code in codes if code), key=lambda pair: pair[1]
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


def registration_counts_by_category(meeting: Meeting | None) -> dict:
    """Places per category (of one meeting, or of all), by status: one query."""
    Status = Registration.Status
    categories = _categories()
    if meeting is not None:
        categories = categories.filter(meeting=meeting)
    categories = categories.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
        pending=Count("registrations", filter=Q(registrations__status=Status.PENDING)),
        cancelled=Count("registrations", filter=Q(registrations__status=Status.CANCELLED)),
    )
    rows = [
        {
            "label": category.name if meeting else _category_label(category),
            "confirmed": category.confirmed,
            "pending": category.pending,
            "cancelled": category.cancelled,
        }
        for category in categories
    ]
    totals = {key: sum(row[key] for row in rows) for key in ("confirmed", "pending", "cancelled")}
    return {"rows": rows, "totals": totals}


def registration_counts_by_day(
    meeting: Meeting | None, *, days: int = 30, now: datetime | None = None
) -> dict:
    """Registrations created on each of the last `days` days (today included, in the site's
    time zone) that had any, newest first: one query."""
    zone = timezone.get_current_timezone()
    today = timezone.localdate(now or timezone.now(), zone)
    since = datetime.combine(today - timedelta(days=days - 1), time.min, tzinfo=zone)
    registrations = Registration.objects.filter(created_at__gte=since)
    if meeting is not None:
        registrations = registrations.filter(meeting=meeting)
    rows = list(
        registrations.annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by("-day")
    )
    return {"rows": rows, "total": sum(row["count"] for row in rows), "days": days}


ATTENDEE_COLUMNS = ["badge_name", "given_name", "family_name", "email", "meeting", "category"]


def _attendee_cells(registration: Registration) -> list:
    """Who the registration is for, as the first columns of every attendee export."""
    return [
        registration.badge_name,
        registration.user.first_name,
        registration.user.last_name,
        registration.user.email,
        registration.meeting.name,
        registration.category.name,
    ]


def _major_units(amount: int, currency: str) -> str:
    digits = minor_unit_digits(currency)
    return f"{amount / 10**digits:.{digits}f}" if digits else str(amount)


class ManualRegistrationForm(forms.Form):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.all())
    category = CategoryChoiceField(
        queryset=_categories(),
        help_text="Any category of the meeting, also those not open to the public (speakers).",
    )
    email = forms.EmailField(
        label="Email address of their account",
        help_text="They need an account on this site: if they have none, ask them to sign up.",
    )
    badge_name = forms.CharField(max_length=100)
    affiliation = forms.CharField(max_length=200)
    country = CountryField().formfield()
    reason = forms.CharField(
        max_length=300,
        help_text="Why the place is free (invited speaker, award winner): kept in the audit log.",
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(
                f"There is no account with the address {email}. Ask them to sign up on the site "
                "first (or check the spelling), then register them here."
            )
        if not user.is_active:
            raise forms.ValidationError(f"The account {user.email} is deactivated.")
        self.cleaned_data["user"] = user
        return email

    def clean(self):
        cleaned = super().clean()
        meeting, category = cleaned.get("meeting"), cleaned.get("category")
        if meeting and category and category.meeting_id != meeting.pk:
            self.add_error("category", f"{category.name} is a category of {category.meeting}.")
        return cleaned


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Registrations are read-only here: they change only through the actions and the manual
    registration page, which call the registration services (and are audited)."""

    list_display = [
        "badge_name",
        "email",
        "meeting",
        "category",
        "status",
        "amount_display",
        "country",
        "member",
        "created",
    ]
    list_filter = [
        "meeting",
        CategoryFilter,
        "status",
        RegistrationCountryFilter,
        MemberFilter,
        "is_complimentary",
    ]
    search_fields = ["badge_name", "user__email", "affiliation"]
    actions = ["export_csv", "cancel_by_policy"]
    fieldsets = [
        (
            "Attendee",
            {
                "fields": [
                    "user",
                    "badge_name",
                    "affiliation",
                    "country",
                    "accessibility_needs",
                    "list_consent",
                    "member",
                ]
            },
        ),
        (
            "Registration",
            {
                "fields": [
                    "meeting",
                    "category",
                    "status",
                    "is_complimentary",
                    "fee_window",
                    "price",
                    "promo_code",
                    "payment",
                    "refunded",
                ]
            },
        ),
        ("Dates", {"fields": ["created_at", "hold_expires_at", "confirmed_at", "cancelled_at"]}),
        ("History", {"fields": ["history"]}),
    ]
    readonly_fields = [
        "user",
        "badge_name",
        "affiliation",
        "country",
        "accessibility_needs",
        "list_consent",
        "member",
        "meeting",
        "category",
        "status",
        "is_complimentary",
        "fee_window",
        "price",
        "promo_code",
        "payment",
        "refunded",
        "created_at",
        "hold_expires_at",
        "confirmed_at",
        "cancelled_at",
        "history",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("meeting", "category", "user")
            .annotate(is_member=member_rate_condition())
        )

    def has_cancel_permission(self, request) -> bool:
        return request.user.has_perm("meetings.change_registration")

    def has_grant_permission(self, request) -> bool:
        return request.user.has_perm("meetings.add_registration")

    # --- Columns ----------------------------------------------------------------------------

    @admin.display(ordering="user__email")
    def email(self, obj: Registration):
        return obj.user.email

    @admin.display(description="amount", ordering="amount")
    def amount_display(self, obj: Registration):
        return format_money(obj.amount, obj.meeting.currency)

    @admin.display(description="member rate", boolean=True, ordering="is_member")
    def member(self, obj: Registration):
        return getattr(obj, "is_member", None)

    @admin.display(description="created", ordering="created_at")
    def created(self, obj: Registration):
        return timezone.localdate(obj.created_at)

    @admin.display(description="price")
    def price(self, obj: Registration):
        currency = obj.meeting.currency
        if obj.is_complimentary:
            return "Complimentary (free place given by staff)"
        if obj.discount:
            return (
                f"{format_money(obj.list_price, currency)} less "
                f"{format_money(obj.discount, currency)} = {format_money(obj.amount, currency)}"
            )
        return format_money(obj.amount, currency)

    @admin.display(description="refunded")
    def refunded(self, obj: Registration):
        return format_money(obj.refunded_amount, obj.meeting.currency)

    @admin.display(description="audit log")
    def history(self, obj: Registration):
        from django.contrib.contenttypes.models import ContentType
        from django.utils.html import format_html_join

        from icis.core.models import AuditEntry

        entries = AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Registration), object_id=str(obj.pk)
        ).order_by("created_at")
        rows = [
            (
                f"{timezone.localtime(entry.created_at):%d %b %Y %H:%M}",
                entry.action,
                entry.actor_label or "the system",
                "; ".join(f"{key}: {value}" for key, value in sorted(entry.data.items())),
            )
            for entry in entries
        ]
        if not rows:
            return "Nothing recorded."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {} by {} {}</li>", rows))

    # --- The changelist: counts above the list, and a button to register someone free ---------

    def _filtered_meeting(self, request) -> Meeting | None:
        meeting_id = id_or_none(request.GET.get("meeting__id__exact"))
        return Meeting.objects.filter(pk=meeting_id).first() if meeting_id is not None else None

    def changelist_view(self, request, extra_context=None):
        meeting = self._filtered_meeting(request)
        manual_url = reverse("admin:meetings_registration_manual")
        extra_context = {
            **(extra_context or {}),
            "counts_meeting": meeting,
            "category_counts": registration_counts_by_category(meeting),
            "daily_counts": registration_counts_by_day(meeting),
            "has_grant_permission": self.has_grant_permission(request),
            "manual_url": f"{manual_url}?meeting={meeting.pk}" if meeting else manual_url,
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "manual/",
                self.admin_site.admin_view(self.manual_view),
                name="meetings_registration_manual",
            ),
            *super().get_urls(),
        ]

    def manual_view(self, request):
        """Staff register someone free (a speaker, an award winner): registration_grant."""
        if not self.has_grant_permission(request):
            raise PermissionDenied
        meeting_id = id_or_none(request.GET.get("meeting"))
        initial = {"meeting": meeting_id} if meeting_id is not None else {}
        form = ManualRegistrationForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                registration = registration_services.registration_grant(
                    user=data["user"],
                    meeting=data["meeting"],
                    category=data["category"],
                    attendee=registration_services.Attendee(
                        badge_name=data["badge_name"],
                        affiliation=data["affiliation"],
                        country=data["country"],
                    ),
                    actor=request.user,
                    reason=data["reason"],
                )
            except SoldOut as exc:
                form.add_error(
                    "category",
                    f"{exc} No place is left for a free registration either: raise the "
                    "capacity in the meeting's registration settings or the category first.",
                )
            except RegistrationError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    f"Registered {registration.badge_name} ({registration.user.email}) free for "
                    f"{registration.meeting}: {registration.category}. They are emailed a "
                    "confirmation.",
                    messages.SUCCESS,
                )
                changelist = reverse("admin:meetings_registration_changelist")
                return redirect(f"{changelist}?meeting__id__exact={registration.meeting_id}")
        context = {
            **self.admin_site.each_context(request),
            "title": "Register someone free",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/meetings/registration/manual.html", context)

    # --- Actions ----------------------------------------------------------------------------

    @admin.action(description="Export as CSV")
    def export_csv(self, request, queryset):
        if "is_member" not in queryset.query.annotations:
            queryset = queryset.annotate(is_member=member_rate_condition())
        header = [
            *ATTENDEE_COLUMNS,
            "status",
            "amount",
            "currency",
            "country",
            "affiliation",
            "accessibility_needs",
            "list_consent",
            "member",
            "created",
        ]
        rows = (
            [
                *_attendee_cells(registration),
                registration.status,
                _major_units(registration.amount, registration.meeting.currency),
                registration.meeting.currency,
                registration.country.code or "",
                registration.affiliation,
                registration.accessibility_needs,
                "yes" if registration.list_consent else "no",
                "yes" if registration.is_member else "no",
                f"{timezone.localtime(registration.created_at):%Y-%m-%d %H:%M}",
            ]
            for registration in queryset.select_related("meeting", "category", "user")
        )
        return csv_response("icis-registrations.csv", header, rows)

    def _cancel_outcome(self, registration: Registration, percents: dict) -> str:
        """What cancelling would do, for the confirmation page."""
        Status = Registration.Status
        if registration.status == Status.CANCELLED:
            return "Already cancelled: nothing changes."
        if registration.status == Status.PENDING:
            return "Awaiting payment: the hold is released (nothing was paid)."
        meeting = registration.meeting
        if meeting.pk not in percents:
            percents[meeting.pk] = registration_services.refund_percent(meeting)
        percent, refund = registration_services.refund_due(
            registration, percent=percents[meeting.pk]
        )
        if refund:
            return f"Refund {format_money(refund, meeting.currency)} ({percent}% under the policy)."
        if registration.is_complimentary or not registration.amount:
            return "No refund: nothing was paid."
        return f"No refund ({percent}% under the meeting's policy today)."

    @admin.action(description="Cancel (with the meeting's refund policy)", permissions=["cancel"])
    def cancel_by_policy(self, request, queryset):
        registrations = list(queryset.select_related("meeting", "category", "user"))
        if "apply" not in request.POST:
            percents: dict = {}
            context = {
                **self.admin_site.each_context(request),
                "title": "Cancel registrations",
                "rows": [
                    (registration, self._cancel_outcome(registration, percents))
                    for registration in registrations
                ],
                "action": "cancel_by_policy",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            }
            return TemplateResponse(
                request, "admin/meetings/registration/cancel_confirm.html", context
            )
        cancelled = 0
        refunded: dict[str, int] = defaultdict(int)
        for registration in registrations:
            try:
                done = registration_services.registration_cancel(
                    registration_id=registration.pk, actor=request.user
                )
            except (RegistrationError, PaymentError) as exc:
                self.message_user(
                    request,
                    f"{registration.badge_name} ({registration.user.email}): {exc}",
                    messages.WARNING,
                )
            else:
                cancelled += 1
                refunded[registration.meeting.currency] += done.refunded_amount
        if cancelled:
            refunds = [format_money(amount, currency) for currency, amount in refunded.items()]
            self.message_user(
                request,
                f"Cancelled {cancelled} registration{pluralize(cancelled)}; refunded "
                + (" and ".join(refunds) if any(refunded.values()) else "nothing")
                + ".",
                messages.SUCCESS,
            )
        return None


# --- Waitlist and CME claims (read-only) ------------------------------------------------------


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
                *_attendee_cells(claim.registration),
                claim.credits,
                f"{timezone.localtime(claim.claimed_at):%Y-%m-%d %H:%M}",
            ]
            for claim in claims
        )
        return csv_response(
            "icis-cme-claims.csv", [*ATTENDEE_COLUMNS, "credits", "claimed_at"], rows
        )


# --- Announcements --------------------------------------------------------------------------


@transaction.atomic
def announcement_draft_from_format_change(*, change: FormatChange, actor) -> Announcement:
    """A draft announcement of a format change. Announcements are content staff write and edit
    in this admin (no service creates them), so an audited create is all it takes; sending is
    the service's job."""
    announcement = Announcement.objects.create(
        meeting_id=change.meeting_id, subject=change.title, body=change.explanation
    )
    audit_record(
        actor=actor,
        action="announcement.create",
        target=announcement,
        data={"format_change": change.pk},
    )
    return announcement


class AnnouncementForm(forms.ModelForm):
    category = CategoryChoiceField(
        queryset=_categories(),
        required=False,
        help_text="Empty: every confirmed registrant of the meeting.",
    )

    class Meta:
        model = Announcement
        fields = ["meeting", "subject", "body", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "category" in self.fields:
            field = self.fields["category"]
            field.queryset = field.queryset.filter(meeting_id=self.instance.meeting_id)

    def clean(self):
        cleaned = super().clean()
        meeting, category = cleaned.get("meeting"), cleaned.get("category")
        if meeting and category and category.meeting_id != meeting.pk:
            self.add_error("category", f"{category.name} is a category of {category.meeting}.")
        return cleaned


@admin.register(Announcement)
class AnnouncementAdmin(MailingAdminMixin, AuditedModelAdmin):
    """Staff write the text here; sending (a test to themselves, then to everyone) goes through
    the registration services. Once sent, the text is the record of what was sent: read-only."""

    form = AnnouncementForm
    list_display = ["subject", "meeting", "category", "created_at", "sent_at", "recipients"]
    list_filter = ["meeting"]
    search_fields = ["subject", "body"]
    list_select_related = ["meeting", "category"]
    CONTENT = ["meeting", "subject", "body", "category"]
    SENDING = ["sent_at", "sent_by", "recipients"]
    select_related = ("meeting", "category")
    send_title = "Send the announcement"
    recipient_noun = "registrant"
    nobody_message = "Queued 0 emails: there are no confirmed registrants to send it to."

    def get_readonly_fields(self, request, obj=None):
        computed = ["email_subject", "preview", "recipient_count", *self.SENDING]
        if obj is not None and obj.sent_at:
            return [*self.CONTENT, *computed]
        return computed

    def send_test(self, obj: Announcement, *, actor) -> None:
        communications.announcement_send_test(announcement_id=obj.pk, actor=actor)

    def send(self, obj: Announcement, *, actor) -> int:
        return communications.announcement_send(announcement_id=obj.pk, actor=actor)

    def recipient_counts(self, announcement: Announcement) -> tuple[int, int]:
        """(confirmed registrants it goes to, how many of them do not have it yet)."""
        # The service's own recipient list, so the number shown is the number sent.
        recipients = communications.announcement_recipients(announcement)
        prefix = f"announcement:{announcement.pk}:"
        already = OutboundEmail.objects.filter(dedupe_key__startswith=prefix).values("dedupe_key")
        total = recipients.count()
        waiting = (
            recipients.annotate(
                has_it=Exists(
                    already.filter(
                        dedupe_key=Concat(Value(prefix), Cast(OuterRef("pk"), CharField()))
                    )
                )
            )
            .filter(has_it=False)
            .count()
        )
        return total, waiting

    @admin.display(description="email subject")
    def email_subject(self, obj: Announcement):
        return f"[{obj.meeting.name}] {obj.subject}"

    @admin.display(description="preview of the saved text")
    def preview(self, obj: Announcement):
        return format_html('<div class="announcement-preview">{}</div>', markdown_to_html(obj.body))

    @admin.display(description="recipients")
    def recipient_count(self, obj: Announcement):
        total, waiting = self.recipient_counts(obj)
        who = f"in {obj.category.name}" if obj.category_id else "in all categories"
        text = f"{total} confirmed registrant{pluralize(total)} {who}"
        if total != waiting:
            text += f"; {total - waiting} already have it"
        return text + "."
