from decimal import Decimal, InvalidOperation

from django import forms

from icis.core.money import minor_unit_digits, to_minor_units

from .models import Payment


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=3,
        required=False,
        help_text="Leave empty to refund everything not yet refunded.",
    )
    reason = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, payment: Payment, **kwargs):
        super().__init__(*args, **kwargs)
        self.payment = payment
        self.fields["amount"].label = f"Amount ({payment.currency})"

    def clean_amount(self) -> int | None:
        amount = self.cleaned_data["amount"]
        if amount is None:
            return None
        try:
            minor = to_minor_units(amount, self.payment.currency)
        except (ValueError, InvalidOperation):
            digits = minor_unit_digits(self.payment.currency)
            raise forms.ValidationError(
                f"{self.payment.currency} amounts have at most {digits} decimal places."
            ) from None
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
