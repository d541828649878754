import re
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError

MAX_LOGO_BYTES = 1024 * 1024
# The formats taken, each with the extension a stored file of that format is given.
ALLOWED_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp", "GIF": ".gif"}


def validate_logo(file) -> None:
    """An uploaded logo or picture: a real image (read, not trusted by its name), at most 1 MB.
    A new upload is then named for what it is: logo.exe holding a PNG is stored as logo.png,
    so the media server never offers it under the uploader's extension."""
    if file.size > MAX_LOGO_BYTES:
        raise ValidationError(f"The image is {file.size / 1024 / 1024:.1f} MB; the limit is 1 MB.")
    from PIL import Image, UnidentifiedImageError

    try:
        position = file.tell() if hasattr(file, "tell") else 0
        with Image.open(file) as image:
            image.verify()
            kind = image.format
        file.seek(position)
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError(
            "This file is not an image we can read (PNG, JPEG, WebP or GIF)."
        ) from None
    if kind not in ALLOWED_FORMATS:
        raise ValidationError(f"{kind} images are not accepted; use PNG, JPEG, WebP or GIF.")
    if not getattr(file, "_committed", False):  # not yet stored: its name is the uploader's
        name = PurePosixPath(file.name or "image")
        stem = name.stem.strip(" .") or "image"
        file.name = str(name.with_name(stem + ALLOWED_FORMATS[kind]))


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
