"""Registrations: the list, its exports and counts, the manual registration page."""

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django_countries.fields import CountryField

from icis.core.admin import ReadOnlyAdminMixin
from icis.core.money import format_amount, from_minor_units
from icis.core.spreadsheets import csv_response
from icis.core.validators import id_or_none
from icis.payments.exceptions import PaymentError

from .. import registration as registration_services
from ..exceptions import RegistrationError, SoldOut
from ..member_rate import member_rate_condition
from ..models import Meeting, Registration
from ..selectors import (
    registration_categories,
    registration_counts_by_category,
    registration_counts_by_day,
)
from .fields import CategoryChoiceField
from .filters import CategoryFilter, MemberFilter, RegistrationCountryFilter

User = get_user_model()

ATTENDEE_COLUMNS = ["badge_name", "given_name", "family_name", "email", "meeting", "category"]


def attendee_cells(registration: Registration) -> list:
    """Who the registration is for, as the first columns of every attendee export."""
    return [
        registration.badge_name,
        registration.user.first_name,
        registration.user.last_name,
        registration.user.email,
        registration.meeting.name,
        registration.category.name,
    ]


class ManualRegistrationForm(forms.Form):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.all())
    category = CategoryChoiceField(
        queryset=registration_categories(),
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
        return format_amount(obj.amount, obj.meeting.currency)

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
                f"{format_amount(obj.list_price, currency)} less "
                f"{format_amount(obj.discount, currency)} = {format_amount(obj.amount, currency)}"
            )
        return format_amount(obj.amount, currency)

    @admin.display(description="refunded")
    def refunded(self, obj: Registration):
        return format_amount(obj.refunded_amount, obj.meeting.currency)

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
                *attendee_cells(registration),
                registration.status,
                str(from_minor_units(registration.amount, registration.meeting.currency)),
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
            return (
                f"Refund {format_amount(refund, meeting.currency)} ({percent}% under the policy)."
            )
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
            refunds = [format_amount(amount, currency) for currency, amount in refunded.items()]
            self.message_user(
                request,
                f"Cancelled {cancelled} registration{pluralize(cancelled)}; refunded "
                + (" and ".join(refunds) if any(refunded.values()) else "nothing")
                + ".",
                messages.SUCCESS,
            )
        return None
