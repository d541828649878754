import re

from django.core.exceptions import ValidationError

MAX_LOGO_BYTES = 1024 * 1024
ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


def validate_logo(file) -> None:
    """An uploaded logo or picture: a real image (read, not trusted by its name), at most 1 MB."""
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


def validate_currency_code(value: str) -> None:
    """An ISO 4217 code: three capital letters, like GBP or USD."""
    if not (len(value) == 3 and value.isascii() and value.isalpha() and value.isupper()):
        raise ValidationError("A currency is three capital letters, like GBP or USD.")


_ID_MAX = 2**63 - 1  # a BigAutoField's largest value


def id_or_none(value) -> int | None:
    """An id from a query parameter: ASCII digits only (`str.isdigit()` also accepts "²", and
    `int()` other scripts' digits), within the column's range; None for anything else."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{1,19}", value):
        return None
    number = int(value)
    return number if number <= _ID_MAX else None
