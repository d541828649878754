from decimal import Decimal

from django import forms

from icis.core.forms import MoneyAmountField, minor_units_or_error

from .models import Payment


class RefundForm(forms.Form):
    amount = MoneyAmountField(
        min_value=Decimal("0.01"),
        required=False,
        help_text="Leave empty to refund everything not yet refunded.",
    )
    reason = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, payment: Payment, **kwargs):
        super().__init__(*args, **kwargs)
        self.payment = payment
        self.fields["amount"].label = f"Amount ({payment.currency})"
        self.fields["amount"].currency = payment.currency

    def clean_amount(self) -> int | None:
        amount = self.cleaned_data["amount"]
        if amount is None:
            return None
        minor = minor_units_or_error(amount, self.payment.currency)
        if minor > self.payment.refundable_amount:
            raise forms.ValidationError("That is more than remains to be refunded.")
        return minor


class ManualPaymentForm(forms.Form):
    method = forms.ChoiceField(choices=Payment.ManualMethod.choices)
    reference = forms.CharField(
        max_length=255,
        required=False,
        help_text="The bank's transaction reference, the cheque number, or why the fee was waived.",
    )


class CollectedCardForm(forms.Form):
    """What a card form's script posts once Stripe.js has collected the card."""

    setup_intent = forms.RegexField(regex=r"^seti_\w+$", max_length=255)
    payment_method = forms.RegexField(regex=r"^pm_\w+$", max_length=255)

    MISSING = "The card details did not arrive. Please enter them again."
