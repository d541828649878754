import re

from django.core.exceptions import ValidationError

_ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 11,2 over the first 15 digits, as ORCID defines it."""
    digits = orcid.replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    expected = "X" if result == 10 else str(result)
    return digits[-1] == expected


def validate_orcid(value: str) -> None:
    if not _ORCID.match(value):
        raise ValidationError(
            "An ORCID iD has 16 characters in four groups of four, like 0000-0002-1825-0097."
        )
    if not orcid_checksum_ok(value):
        raise ValidationError("This ORCID iD's last character does not match: please check it.")
