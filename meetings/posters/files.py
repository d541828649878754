"""A presenter's poster file, checked by what it contains, never by its name or declared type:
a PDF (through `icis.core.pdfs.pdf_check`, with the meeting's page and size limits) or a PNG or
JPEG image read with Pillow, whose pixel count is read from its header and refused before any
decoding when it is larger than a poster needs (a "decompression bomb" is a few kilobytes that
decode to gigabytes)."""

import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from icis.core.pdfs import PDF_MAGIC, pdf_check, pdf_display_name, upload_size_check

from .models import Poster

# An A0 poster scanned at 200 dpi is about 6,600 x 9,400 pixels (62 million): room to spare.
MAX_IMAGE_PIXELS = 80_000_000
IMAGE_KINDS = {"PNG": (Poster.FileKind.PNG, "png"), "JPEG": (Poster.FileKind.JPEG, "jpg")}


@dataclass(frozen=True)
class CheckedPoster:
    kind: str  # a Poster.FileKind
    extension: str
    pages: int | None
    display_name: str


def _display_name(uploaded_name: str, extension: str) -> str:
    """The uploader's name with the extension the content proved, at most 200 characters."""
    name = pdf_display_name(uploaded_name, fallback="poster")  # cleaned, ends in .pdf
    return f"{name[:-4]}.{extension}"


def _image_check(file) -> tuple[str, str]:
    from PIL import Image, UnidentifiedImageError

    unreadable = ValidationError(
        "This file is neither a PDF nor a PNG or JPEG image we can read. "
        "Save or export the poster as PDF, PNG or JPEG and try again."
    )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=list(IMAGE_KINDS)) as image:
                width, height = image.size
                kind = image.format
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        f"The image is {width:,} \u00d7 {height:,} pixels; the limit is "
                        f"{MAX_IMAGE_PIXELS // 1_000_000} million pixels. Save it smaller "
                        "(150 dpi is plenty for a screen) or as PDF."
                    )
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            f"The image is larger than {MAX_IMAGE_PIXELS // 1_000_000} million pixels. "
            "Save it smaller or as PDF."
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise unreadable from None
    finally:
        file.seek(0)
    if width < 1 or height < 1:
        raise unreadable
    return IMAGE_KINDS[kind]


def poster_file_check(file, *, max_mb: int, max_pages: int) -> CheckedPoster:
    """Raise ValidationError with a sentence the presenter can act on, or say what it is."""
    upload_size_check(file, max_mb=max_mb)
    file.seek(0)
    head = file.read(len(PDF_MAGIC))
    file.seek(0)
    if head == PDF_MAGIC:
        checked = pdf_check(file, max_pages=max_pages, max_mb=max_mb)
        return CheckedPoster(
            Poster.FileKind.PDF, "pdf", checked.pages, _display_name(file.name, "pdf")
        )
    kind, extension = _image_check(file)
    return CheckedPoster(kind, extension, None, _display_name(file.name, extension))
