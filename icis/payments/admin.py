from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join

from icis.core.admin import ReadOnlyAdminMixin
from icis.core.money import format_amount

from .exceptions import GatewayError, PaymentError
from .forms import ManualPaymentForm, RefundForm
from .models import LineItem, Payment, Refund, WebhookEvent
from .services import payment_cancel, payment_record_manual, payment_refund


class DisputeFilter(admin.SimpleListFilter):
    """Payments whose payer's bank opened a dispute (chargeback), open or closed."""

    title = "dispute"
    parameter_name = "disputed"

    def lookups(self, request, model_admin):
        return [("open", "Disputed, open"), ("closed", "Disputed, closed"), ("any", "Disputed")]

    def queryset(self, request, queryset):
        closed = ["won", "lost", "warning_closed", "charge_refunded"]
        if self.value() == "any":
            return queryset.exclude(dispute_status="")
        if self.value() == "open":
            return queryset.exclude(dispute_status="").exclude(dispute_status__in=closed)
        if self.value() == "closed":
            return queryset.filter(dispute_status__in=closed)
        return queryset


class LineItemInline(admin.TabularInline):
    model = LineItem
    fields = ["kind", "description", "object_id", "amount_display"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="amount")
    def amount_display(self, obj: LineItem) -> str:
        return format_amount(obj.amount, obj.payment.currency)


class RefundInline(admin.TabularInline):
    model = Refund
    fields = [
        "created_at",
        "amount_display",
        "status",
        "reason",
        "created_by",
        "provider_reference",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("payment")

    @admin.display(description="amount")
    def amount_display(self, obj: Refund) -> str:
        return format_amount(obj.amount, obj.payment.currency)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Payments change only through their services: refund, record a manual payment, cancel."""

    list_display = [
        "created_at",
        "payer_name",
        "description",
        "amount_display",
        "status",
        "provider",
        "receipt_number",
    ]
    # "Needs review" (status) and "Disputed" are the payments waiting for a person.
    list_filter = ["status", DisputeFilter, "provider", "currency", "created_at"]
    search_fields = ["payer_name", "payer_email", "description", "provider_reference", "public_id"]
    date_hierarchy = "created_at"
    inlines = [LineItemInline, RefundInline]
    fields = [
        "payer",
        "payer_name",
        "payer_email",
        "description",
        "amount_display",
        "currency",
        "status",
        "review_reason",
        "dispute_status",
        "dispute_reference",
        "staff_actions",
        "provider",
        "manual_method",
        "provider_reference",
        "amount_refunded_display",
        "receipt_number",
        "created_at",
        "paid_at",
        "last_error",
    ]
    readonly_fields = fields
    actions = ["cancel_pending"]

    @admin.display(description="amount", ordering="amount")
    def amount_display(self, obj: Payment) -> str:
        return format_amount(obj.amount, obj.currency)

    @admin.display(description="refunded")
    def amount_refunded_display(self, obj: Payment) -> str:
        return format_amount(obj.amount_refunded, obj.currency)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:payment_id>/refund/", wrap(self.refund_view), name="payments_payment_refund"
            ),
            path(
                "<int:payment_id>/record/", wrap(self.record_view), name="payments_payment_record"
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Staff actions")
    def staff_actions(self, obj: Payment):
        links = []
        if obj.status == Payment.Status.PENDING:
            links.append(
                (reverse("admin:payments_payment_record", args=[obj.pk]), "Record a manual payment")
            )
        if obj.status in (Payment.Status.PAID, Payment.Status.PARTIALLY_REFUNDED):
            links.append((reverse("admin:payments_payment_refund", args=[obj.pk]), "Refund"))
        if obj.is_paid:
            links.append((obj.get_receipt_url(), "Receipt (PDF)"))
        return format_html_join(" · ", '<a href="{}">{}</a>', links) or "None"

    def _form_view(self, request, payment_id, *, form_class, title, submit, perform):
        # Refunds and manual payments move money: the treasurer's (or a superuser's) work.
        if not request.user.has_perm("payments.change_payment"):
            raise PermissionDenied
        payment = get_object_or_404(Payment, pk=payment_id)
        kwargs = {"payment": payment} if form_class is RefundForm else {}
        form = form_class(request.POST or None, **kwargs)
        if request.method == "POST" and form.is_valid():
            try:
                message = perform(payment, form.cleaned_data)
            except (PaymentError, GatewayError) as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, message, messages.SUCCESS)
                return redirect("admin:payments_payment_change", payment.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "payment": payment,
            "submit": submit,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/payments/payment/action_form.html", context)

    def refund_view(self, request, payment_id):
        def perform(payment, data):
            refund = payment_refund(
                payment_id=payment.pk,
                amount=data["amount"],
                reason=data["reason"],
                actor=request.user,
            )
            return f"Refunded {refund}."

        return self._form_view(
            request,
            payment_id,
            form_class=RefundForm,
            title="Refund a payment",
            submit="Refund",
            perform=perform,
        )

    def record_view(self, request, payment_id):
        def perform(payment, data):
            payment_record_manual(
                payment_id=payment.pk,
                method=data["method"],
                reference=data["reference"],
                actor=request.user,
            )
            return "Payment recorded; what it paid for is now active and the payer is emailed."

        return self._form_view(
            request,
            payment_id,
            form_class=ManualPaymentForm,
            title="Record a manual payment",
            submit="Record payment",
            perform=perform,
        )

    @admin.action(description="Cancel the selected pending payments")
    def cancel_pending(self, request, queryset):
        for payment in queryset:
            try:
                payment_cancel(payment_id=payment.pk, actor=request.user)
            except PaymentError as exc:
                self.message_user(request, f"{payment}: {exc}", messages.WARNING)


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["received_at", "type", "event_id", "object_id", "outcome"]
    list_filter = ["type"]
    search_fields = ["event_id", "object_id"]
    readonly_fields = ["event_id", "type", "object_id", "received_at", "processed_at", "outcome"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
