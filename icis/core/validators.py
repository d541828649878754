import re

from django.core.exceptions import ValidationError

MAX_LOGO_BYTES = 1024 * 1024


def validate_logo(file) -> None:
    """An uploaded logo: a real picture (read, not trusted by its name), at most 1 MB. The one
    check of every picture is `icis.core.images.image_check`."""
    from icis.core.images import image_check

    image_check(file, max_bytes=MAX_LOGO_BYTES)


# ISO 4217's currencies in use (not its test, precious-metal or "no currency" codes like XXX).
_ISO_4217 = """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD
BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD
FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS
KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK
MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD
SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH
UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG"""
ISO_4217 = frozenset(_ISO_4217.split())


def validate_currency_code(value: str) -> None:
    """An ISO 4217 code in use: three capital letters, like GBP or USD."""
    if not (len(value) == 3 and value.isascii() and value.isalpha() and value.isupper()):
        raise ValidationError("A currency is three capital letters, like GBP or USD.")
    if value not in ISO_4217:
        raise ValidationError(f"{value} is not a currency in use; check its ISO 4217 code.")


_ID_MAX = 2**63 - 1  # a BigAutoField's largest value


def id_or_none(value) -> int | None:
    """An id from a query parameter: ASCII digits only (`str.isdigit()` also accepts "²", and
    `int()` other scripts' digits), within the column's range; None for anything else."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{1,19}", value):
        return None
    number = int(value)
    return number if number <= _ID_MAX else None
