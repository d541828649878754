import base64
import hashlib
from datetime import date

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from icis.core.admin import AuditedModelAdmin
from icis.core.admin_lists import LabelledTabularInline
from icis.core.audit import audit_record
from icis.core.money import format_amount
from icis.core.spreadsheets import csv_response
from icis.payments.exceptions import PaymentError
from icis.payments.forms import ManualPaymentForm
from icis.payments.services import payment_record_manual

from .admin_forms import (
    MemberImportForm,
    MembershipPriceForm,
    MembershipPriceFormSet,
    MembershipTypeForm,
)
from .admin_notices import notices_sent_html
from .audit import MemberAction
from .exceptions import MembershipError
from .imports import (
    REQUIRED_COLUMNS,
    ImportPlan,
    MemberImportError,
    members_import,
    parse_member_csv,
)
from .models import MemberProfile, Membership, MembershipPrice, MembershipType, RenewalCharge
from .selectors import grace_days
from .services import membership_extend, membership_grant


class MembershipPriceInline(LabelledTabularInline):
    model = MembershipPrice
    form = MembershipPriceForm
    formset = MembershipPriceFormSet
    extra = 1
    verbose_name = "price"
    verbose_name_plural = "prices (one per currency it is sold in)"


@admin.register(MembershipType)
class MembershipTypeAdmin(AuditedModelAdmin):
    form = MembershipTypeForm
    list_display = [
        "name",
        "prices",
        "term_display",
        "is_purchasable",
        "is_active",
        "ordering",
    ]
    list_editable = ["ordering"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipPriceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("prices")

    @admin.display(description="prices")
    def prices(self, obj: MembershipType) -> str:
        prices = sorted(obj.prices.all(), key=lambda price: price.currency != obj.currency)
        return ", ".join(format_amount(price.amount, price.currency) for price in prices) or "none"

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is MembershipPrice and formset.has_changed():
            audit_record(
                actor=request.user,
                action=MemberAction.MEMBERSHIPTYPE_PRICES_CHANGE,
                target=form.instance,
                data={
                    "prices": {price.currency: price.amount for price in form.instance.prices.all()}
                },
            )


class StatusFilter(admin.SimpleListFilter):
    """Status on today's date, from the term's dates (it is never stored)."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("pending", "Awaiting payment"),
            ("active", "Active"),
            ("grace", "In grace"),
            ("ended", "Ended (grace over)"),
            ("cancelled", "Cancelled"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        grace_start = today - timezone.timedelta(days=grace_days())
        match self.value():
            case "pending":
                return queryset.pending()
            case "active":
                return queryset.covering(today)
            case "grace":
                return queryset.confirmed().filter(end_date__lt=today, end_date__gte=grace_start)
            case "ended":
                return queryset.confirmed().filter(end_date__lt=grace_start)
            case "cancelled":
                return queryset.filter(cancelled_at__isnull=False)
        return queryset


class ExpiryMonthFilter(admin.SimpleListFilter):
    title = "ends in"
    parameter_name = "ends"

    def lookups(self, request, model_admin):
        today = timezone.localdate().replace(day=1)
        months = []
        for offset in range(-1, 12):
            month_index = today.month - 1 + offset
            first = date(today.year + month_index // 12, month_index % 12 + 1, 1)
            months.append((first.strftime("%Y-%m"), first.strftime("%B %Y")))
        return months

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            year, month = (int(part) for part in self.value().split("-"))
        except ValueError:
            return queryset.none()
        return queryset.filter(end_date__year=year, end_date__month=month)


class CountryFilter(admin.SimpleListFilter):
    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            MemberProfile.objects.exclude(country="")
            .order_by("country")
            .values_list("country", flat=True)
            .distinct()
        )
        from django_countries import countries

        return [(code, countries.name(code)) for code in codes]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(user__member_profile__country=self.value())
        return queryset


class GrantForm(forms.Form):
    membership_type = forms.ModelChoiceField(queryset=MembershipType.objects.all())
    note = forms.CharField(max_length=300, required=False, help_text="Why it is granted.")


class ExtendForm(forms.Form):
    months = forms.IntegerField(min_value=1, max_value=120, initial=12)


class RenewalChargeInline(admin.TabularInline):
    model = RenewalCharge
    fields = ["attempt", "created_at", "outcome", "message", "payment"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "automatic renewal attempts"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Membership terms. Dates and status change only through the actions, which use the
    members services (and are audited)."""

    # Six short columns fit a 1280 px screen beside the filters: the email goes under the name
    # and the source is a filter.
    list_display = ["member", "membership_type", "start_date", "end_date", "state", "country"]
    list_filter = [StatusFilter, "membership_type", CountryFilter, ExpiryMonthFilter, "source"]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "user__member_profile__institution",
    ]
    list_select_related = ["user", "user__member_profile", "membership_type"]
    readonly_fields = [
        "user",
        "membership_type",
        "source",
        "start_date",
        "end_date",
        "payment",
        "confirmed_at",
        "cancelled_at",
        "note",
        "created_at",
        "notices_sent",
    ]
    inlines = [RenewalChargeInline]
    actions = ["export_csv", "record_manual_payment", "grant_complimentary", "extend"]
    date_hierarchy = "end_date"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="notices sent")
    def notices_sent(self, obj: Membership):
        return notices_sent_html(obj)

    @admin.display(ordering="user__last_name")
    def member(self, obj):
        name = obj.user.get_full_name()
        if not name:
            return obj.user.email
        return format_html('{}<br><span class="quiet">{}</span>', name, obj.user.email)

    @admin.display(ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description="country")
    def country(self, obj):
        profile = getattr(obj.user, "member_profile", None)
        return profile.country.name if profile and profile.country else ""

    @admin.display(description="status")
    def state(self, obj):
        if obj.cancelled_at:
            return "cancelled"
        if not obj.confirmed_at:
            return "awaiting payment"
        today = timezone.localdate()
        if obj.start_date > today:
            return "starts later"
        if obj.end_date is None or obj.end_date >= today:
            return "active"
        if (today - obj.end_date).days <= grace_days():
            return "grace"
        return "ended"

    @admin.action(description="Export the selected terms as CSV")
    def export_csv(self, request, queryset):
        header = [
            "given_name",
            "family_name",
            "email",
            "type",
            "start",
            "end",
            "status",
            "institution",
            "country",
            "career_stage",
        ]
        rows = []
        for term in queryset.select_related("user", "user__member_profile", "membership_type"):
            profile = getattr(term.user, "member_profile", None)
            rows.append(
                [
                    term.user.first_name,
                    term.user.last_name,
                    term.user.email,
                    term.membership_type.name,
                    term.start_date or "",
                    term.end_date or "",
                    self.state(term),
                    profile.institution if profile else "",
                    profile.country.code if profile and profile.country else "",
                    profile.career_stage if profile else "",
                ]
            )
        return csv_response("icis-memberships.csv", header, rows)

    def _intermediate(self, request, queryset, *, form_class, title, action, perform):
        form = form_class(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for term in queryset.select_related("user", "membership_type"):
                try:
                    perform(term, form.cleaned_data)
                except (MembershipError, PaymentError) as exc:
                    self.message_user(request, f"{term.user.email}: {exc}", messages.WARNING)
                else:
                    done += 1
            if done:
                self.message_user(request, f"{title}: {done} done.", messages.SUCCESS)
            return redirect(request.get_full_path())
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "queryset": queryset,
            "action": action,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/members/membership/action_form.html", context)

    @admin.action(description="Record a manual payment for terms awaiting payment")
    def record_manual_payment(self, request, queryset):
        def perform(term, data):
            if term.payment_id is None or term.confirmed_at:
                raise MembershipError("this term is not awaiting payment")
            payment_record_manual(
                payment_id=term.payment_id,
                method=data["method"],
                reference=data["reference"],
                actor=request.user,
            )

        return self._intermediate(
            request,
            queryset.pending(),
            form_class=ManualPaymentForm,
            title="Record a manual payment",
            action="record_manual_payment",
            perform=perform,
        )

    @admin.action(description="Grant a complimentary term to these members")
    def grant_complimentary(self, request, queryset):
        def perform(term, data):
            membership_grant(
                user=term.user,
                membership_type=data["membership_type"],
                actor=request.user,
                note=data["note"],
            )

        return self._intermediate(
            request,
            queryset,
            form_class=GrantForm,
            title="Grant a complimentary term",
            action="grant_complimentary",
            perform=perform,
        )

    @admin.action(description="Extend the selected terms")
    def extend(self, request, queryset):
        def perform(term, data):
            membership_extend(membership_id=term.pk, months=data["months"], actor=request.user)

        return self._intermediate(
            request,
            queryset,
            form_class=ExtendForm,
            title="Extend terms",
            action="extend",
            perform=perform,
        )

    # --- Import from CSV ----------------------------------------------------------------------

    # The confirm step re-reads the file kept here rather than anything posted back with it.
    IMPORT_SESSION_KEY = "members_membership_import"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="members_membership_import",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        # Not has_add_permission: terms are never added one by one in this admin.
        return request.user.has_perm("members.add_membership")

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._import_confirm(request)
        form = MemberImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            return self._import_preview(request, file_bytes=form.file_bytes, plan=form.plan)
        return self._import_page(request, form=form)

    def _import_preview(self, request, *, file_bytes: bytes, plan: ImportPlan):
        """The dry run: nothing is written, and only a file that can be imported is kept for the
        confirm step."""
        request.session.pop(self.IMPORT_SESSION_KEY, None)
        digest = ""
        if plan.rows and not plan.has_errors:
            digest = self._import_keep(request, file_bytes)
        return self._import_page(request, form=MemberImportForm(), plan=plan, digest=digest)

    def _import_confirm(self, request):
        file_bytes = self._import_kept(request, digest=request.POST.get("digest", ""))
        if file_bytes is None:
            self.message_user(
                request,
                "This preview is out of date (it has expired, or another file was uploaded "
                "since). Nothing was imported; please upload the file again.",
                messages.ERROR,
            )
            return redirect("admin:members_membership_import")
        request.session.pop(self.IMPORT_SESSION_KEY, None)
        try:
            count = members_import(plan=parse_member_csv(file_bytes), actor=request.user)
        except MemberImportError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return self._import_page(request, form=MemberImportForm(), plan=exc.plan)
        self.message_user(
            request, f"Imported {count} member{'s' if count != 1 else ''}.", messages.SUCCESS
        )
        return redirect("admin:members_membership_changelist")

    def _import_keep(self, request, file_bytes: bytes) -> str:
        digest = hashlib.sha256(file_bytes).hexdigest()
        request.session[self.IMPORT_SESSION_KEY] = {
            "digest": digest,
            "csv": base64.b64encode(file_bytes).decode("ascii"),
        }
        return digest

    def _import_kept(self, request, *, digest: str) -> bytes | None:
        """The file previewed with this digest, if it is still the one kept for this session."""
        kept = request.session.get(self.IMPORT_SESSION_KEY)
        if not kept or not digest or kept.get("digest") != digest:
            return None
        return base64.b64decode(kept["csv"])

    def _import_page(
        self,
        request,
        *,
        form: MemberImportForm,
        plan: ImportPlan | None = None,
        digest: str = "",
    ):
        context = {
            **self.admin_site.each_context(request),
            "title": "Import members from CSV",
            "opts": self.model._meta,
            "form": form,
            "plan": plan,
            "digest": digest,
            "columns": REQUIRED_COLUMNS,
            "membership_types": MembershipType.objects.order_by("ordering", "name"),
            "changelist_url": reverse("admin:members_membership_changelist"),
        }
        return TemplateResponse(request, "admin/members/membership/import.html", context)


@admin.register(MemberProfile)
class MemberProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "institution", "country", "career_stage", "directory_opt_in"]
    list_filter = ["career_stage", "directory_opt_in", "newsletter_opt_in", "country"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "institution", "orcid"]
    list_select_related = ["user"]
    readonly_fields = ["user"]
