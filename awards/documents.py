"""Uploaded PDFs: checked by what they contain, never by their name or declared type."""

import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .models import MAX_UPLOAD_MB

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class CheckedPdf:
    pages: int
    size: int


def pdf_check(file, *, max_pages: int | None, max_mb: int = MAX_UPLOAD_MB) -> CheckedPdf:
    """Raise ValidationError with a sentence the uploader can act on; return the page count."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    size = file.size
    if size == 0:
        raise ValidationError("The file is empty.")
    if size > max_mb * 1024 * 1024:
        shown = math.ceil(size * 10 / 1024 / 1024) / 10  # rounded up: 2.01 MB is never "2.0"
        raise ValidationError(f"The file is {shown:.1f} MB; the limit is {max_mb} MB.")
    file.seek(0)
    if file.read(len(PDF_MAGIC)) != PDF_MAGIC:
        raise ValidationError("This file is not a PDF. Save or export it as PDF and try again.")
    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                "This PDF is password-protected, so the panel could not open it. "
                "Save a copy without a password."
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise ValidationError("This PDF is damaged or not one we can read.") from None
    finally:
        file.seek(0)
    if pages == 0:
        raise ValidationError("This PDF has no pages.")
    if max_pages and pages > max_pages:
        raise ValidationError(f"The PDF has {pages} pages; the limit is {max_pages}.")
    return CheckedPdf(pages=pages, size=size)
