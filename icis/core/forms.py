"""Form pieces every app uses."""

from decimal import Decimal, InvalidOperation

from django import forms

from .money import from_minor_units, minor_unit_digits, to_minor_units
from .validators import validate_currency_code


class MoneyAmountField(forms.DecimalField):
    """An amount as people type and read it: a decimal in the currency's major unit, "150.00".
    It stays a Decimal until the form knows the currency; `MoneyModelForm` then stores it in
    minor units."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 3)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 10}))
        super().__init__(**kwargs)


class CurrencyCodeField(forms.CharField):
    """An ISO 4217 code, accepted in any case: "gbp" is GBP."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("min_length", 3)
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 4, "autocomplete": "off"}))
        kwargs.setdefault("validators", [validate_currency_code])
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(value).upper()


def minor_units_or_error(amount: Decimal, currency: str) -> int:
    """Decimal("150.00"), "GBP" → 15000, or a ValidationError saying what the currency allows."""
    try:
        return to_minor_units(amount, currency)
    except (ValueError, InvalidOperation):
        digits = minor_unit_digits(currency)
        raise forms.ValidationError(
            f"{currency.upper()} amounts have at most {digits} decimal places."
        ) from None


class MoneyModelForm(forms.ModelForm):
    """A model form for a row holding an amount in minor units beside its currency code:
    staff read and enter the amount as a decimal in that currency. Subclasses declare the
    amount as a `MoneyAmountField` and name the pair in `money_fields`."""

    money_fields: dict[str, str] = {"amount": "currency"}  # amount field → currency field

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for amount_name, currency_name in self.money_fields.items():
            amount = getattr(self.instance, amount_name, None)
            currency = getattr(self.instance, currency_name, "")
            if self.instance.pk and amount is not None and currency:
                self.initial[amount_name] = from_minor_units(amount, currency)

    def clean(self):
        cleaned = super().clean()
        for amount_name, currency_name in self.money_fields.items():
            currency = cleaned.get(currency_name)
            amount = cleaned.get(amount_name)
            if amount is None or not currency:
                continue
            try:
                cleaned[amount_name] = minor_units_or_error(amount, currency)
            except forms.ValidationError as error:
                self.add_error(amount_name, error)
        return cleaned
