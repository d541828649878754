"""Form pieces every app uses."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.html import format_html

from .money import from_minor_units, minor_unit_digits, to_minor_units
from .validators import validate_currency_code

# The largest amount anyone types in the admin (a prize, a sponsorship, a refund): ten million
# in the currency's major unit. Beyond it a typing slip ("4500000" for "450.00") is refused.
MONEY_AMOUNT_MAX = Decimal(10_000_000)


class MoneyInput(forms.TextInput):
    """A text box for an amount in major units, followed by its currency code ("USD") when the
    form knows it: the code is part of the box's description, so a screen reader says it too."""

    def __init__(self, attrs=None, currency: str = ""):
        super().__init__(
            {"inputmode": "decimal", "size": 12, "autocomplete": "off", **(attrs or {})}
        )
        self.currency = currency

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["currency"] = self.currency
        if self.currency and widget["attrs"].get("id"):
            widget["currency_id"] = f"{widget['attrs']['id']}_currency"
            described = widget["attrs"].get("aria-describedby", "")
            widget["attrs"]["aria-describedby"] = f"{described} {widget['currency_id']}".strip()
        return context

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        if not self.currency:
            return box
        box_id = self.build_attrs(self.attrs, attrs).get("id")
        return format_html(
            '{} <span class="money-currency"{}>{}</span>',
            box,
            format_html(' id="{}_currency"', box_id) if box_id else "",
            self.currency,
        )


PLAIN_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]*)?|-?\.[0-9]+", re.ASCII)


class MoneyAmountField(forms.DecimalField):
    """An amount as people type and read it: a decimal in the currency's major unit, "450.00",
    "450" or "1,234.50" (the thousands commas are dropped). Bounded by `MONEY_AMOUNT_MAX`. It
    stays a Decimal until the form knows the currency: `MoneyModelForm` (or
    `minor_units_or_error`) then checks its decimals against the currency (none for JPY) and
    stores it in minor units."""

    widget = MoneyInput

    def __init__(self, *, currency: str = "", **kwargs):
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_value", MONEY_AMOUNT_MAX)
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 3)
        super().__init__(**kwargs)
        self.currency = currency

    @property
    def currency(self) -> str:
        return self._currency

    @currency.setter
    def currency(self, value: str) -> None:
        self._currency = (value or "").upper()
        if isinstance(self.widget, MoneyInput):
            self.widget.currency = self._currency

    def to_python(self, value):
        if isinstance(value, str):
            typed = value
            value = value.replace(",", "").replace(" ", "").replace("\u00a0", "")
            if typed and not value:  # only spaces: not the same as leaving the box empty
                raise forms.ValidationError(
                    "Type the amount in figures, such as 450.00.", code="invalid"
                )
            # Only ASCII figures: Decimal() would also take full-width and Arabic-Indic
            # digits, "5e1", "1_000" and "+50".
            if value and not PLAIN_AMOUNT.fullmatch(value):
                raise forms.ValidationError(
                    "Type the amount in figures, such as 450.00.", code="invalid"
                )
        return super().to_python(value)

    def widget_attrs(self, widget):
        # DecimalField would add step/min/max (for a number input); a text box needs none.
        return {}


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
            field = self.fields.get(amount_name)
            if isinstance(field, MoneyAmountField) and currency:
                field.currency = currency

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
