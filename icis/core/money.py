"""Money is an integer number of minor units (pence, cents) and an ISO 4217 currency code."""

from decimal import Decimal

# Currencies whose minor unit is not a hundredth, as Stripe counts them (its "zero-decimal" and
# three-decimal currencies): an amount sent to Stripe is a count of these units.
_ZERO_DECIMAL = "BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF"
_MINOR_UNIT_DIGITS = {
    **dict.fromkeys(_ZERO_DECIMAL.split(), 0),
    **dict.fromkeys(("BHD", "JOD", "KWD", "OMR", "TND"), 3),
}
_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥"}


def minor_unit_digits(currency: str) -> int:
    return _MINOR_UNIT_DIGITS.get(currency.upper(), 2)


def to_minor_units(amount: Decimal | str | int, currency: str) -> int:
    """Decimal("95.00"), "GBP" → 9500. Refuses amounts with more precision than the currency has."""
    digits = minor_unit_digits(currency)
    value = Decimal(str(amount)) * (10**digits)
    if value != value.to_integral_value():
        raise ValueError(f"{amount} has more decimal places than {currency.upper()} allows")
    return int(value)


def from_minor_units(amount_minor: int, currency: str) -> Decimal:
    """9500, "GBP" → Decimal("95.00"): how staff read and type an amount."""
    digits = minor_unit_digits(currency)
    return (Decimal(amount_minor) / (10**digits)).quantize(Decimal(1).scaleb(-digits))


def format_money(amount_minor: int, currency: str) -> str:
    """9500, "GBP" → "£95.00"; currencies without a symbol get their code: "CHF 95.00"."""
    currency = currency.upper()
    digits = minor_unit_digits(currency)
    major = Decimal(amount_minor) / (10**digits)
    number = f"{major:,.{digits}f}"
    symbol = _SYMBOLS.get(currency)
    sign = "-" if amount_minor < 0 else ""
    number = number.lstrip("-")
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{currency} {number}"


def format_amount(amount_minor: int, currency: str) -> str:
    """9500, "GBP" → "95.00 GBP": an amount as staff type it, with its code, as the admin shows
    every amount (a symbol alone does not tell dollars from dollars)."""
    currency = currency.upper()
    digits = minor_unit_digits(currency)
    major = Decimal(amount_minor) / (10**digits)
    return f"{major:,.{digits}f} {currency}"
