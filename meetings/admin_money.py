"""Registration fees as staff type and read them: decimals in the meeting's currency ("450.00"),
kept in minor units."""

from django import forms

from icis.core.forms import MoneyAmountField, minor_units_or_error
from icis.core.money import from_minor_units

from .models import Fee


def amount_initial(form: forms.ModelForm, name: str, currency: str) -> None:
    """Show a saved amount (minor units) as the decimal staff typed, the currency beside it."""
    amount = getattr(form.instance, name)
    if form.instance.pk and amount is not None and currency:
        form.initial[name] = from_minor_units(amount, currency)
    if currency:
        form.fields[name].currency = currency


def amount_clean(form: forms.ModelForm, name: str, currency: str | None) -> None:
    """The typed decimal, in minor units of `currency`, or an error in place."""
    amount = form.cleaned_data.get(name)
    if amount is None or not currency:
        return
    try:
        form.cleaned_data[name] = minor_units_or_error(amount, currency)
    except forms.ValidationError as error:
        form.add_error(name, error)


class FeeForm(forms.ModelForm):
    amount = MoneyAmountField(label="Price", help_text="In the meeting's currency: 450.00.")

    # The meeting's currency, set by the inline on an existing category's page.
    currency = ""

    class Meta:
        model = Fee
        fields = ["window", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        amount_initial(self, "amount", self.currency)

    def clean(self):
        cleaned = super().clean()
        window = cleaned.get("window")
        amount_clean(self, "amount", self.currency or (window.meeting.currency if window else None))
        return cleaned
