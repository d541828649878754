"""Registration categories with their prices, and promo codes."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone

from icis.core.admin import AuditedModelAdmin, InlineChangesAuditedMixin
from icis.core.admin_lists import LabelledTabularInline
from icis.core.forms import MoneyAmountField
from icis.core.money import format_amount

from ..admin_money import FeeForm, amount_clean, amount_initial
from ..models import Fee, FeeWindow, PromoCode, Registration, RegistrationCategory
from ..selectors import category_label, registration_categories
from .fields import CategoryMultipleChoiceField

# --- Registration: categories and their prices, promo codes -----------------------------------


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


class FeeInline(LabelledTabularInline):
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
            f"{fee.window.name} {format_amount(fee.amount, obj.meeting.currency)}" for fee in fees
        )


class PromoCodeForm(forms.ModelForm):
    categories = CategoryMultipleChoiceField(
        queryset=registration_categories(), required=False, help_text="None chosen: every category."
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
                + ", ".join(category_label(category) for category in other)
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
            return format_amount(obj.amount_off, obj.meeting.currency)
        return ""

    @admin.display(description="uses / max uses", ordering="used")
    def uses(self, obj: PromoCode):
        return f"{getattr(obj, 'used', 0)} / {obj.max_uses}"
