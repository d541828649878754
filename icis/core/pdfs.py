"""Uploaded PDFs, checked by what they contain, never by their name or declared type: award
documents and letters, posters, exhibitors' resources."""

import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError

MAX_UPLOAD_MB = 10
# The most pages any uploaded PDF may have, whatever a form allows.
PDF_MAX_PAGES = 200

PDF_MAGIC = b"%PDF-"
# Page-tree nodes read before giving up: the pages allowed plus room for the intermediate
# nodes of any real tree. A tree that names one node many times (a "page-tree bomb", 2^15 pages
# in 1.7 KB) is refused at the first repeat, long before this.
_PAGE_TREE_NODE_BUDGET = PDF_MAX_PAGES * 2 + 50


@dataclass(frozen=True)
class CheckedPdf:
    pages: int
    size: int


class _Damaged(Exception):
    pass


class _TooManyPages(Exception):
    pass


def _page_count(reader) -> int:
    """Count the leaves of the document's page tree by walking it, reading each node once, and
    stop as soon as it holds more than PDF_MAX_PAGES pages. pypdf's own count flattens the whole
    tree first, which for a tree that repeats a node costs seconds and tens of thousands of
    pages; /Count is not trusted, as the file says what it likes there."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    root = reader.trailer["/Root"].get_object()
    stack = [root["/Pages"]]
    seen: set[tuple[int, int]] = set()
    pages = nodes = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:  # a real tree never names a node twice
                raise _Damaged
            seen.add(key)
            item = item.get_object()
        nodes += 1
        if nodes > _PAGE_TREE_NODE_BUDGET:
            raise _TooManyPages
        if not isinstance(item, DictionaryObject):
            raise _Damaged
        kids = item.get("/Kids")
        if kids is None and item.get("/Type") != "/Pages":
            pages += 1
            if pages > PDF_MAX_PAGES:
                raise _TooManyPages
            continue
        kids = ArrayObject() if kids is None else kids.get_object()
        if not isinstance(kids, ArrayObject):
            raise _Damaged
        if len(stack) + len(kids) > _PAGE_TREE_NODE_BUDGET:
            raise _TooManyPages
        stack.extend(reversed(kids))
    return pages


def upload_size_check(file, *, max_mb: int) -> int:
    """The upload's size, or a ValidationError when it is empty or over `max_mb`."""
    size = file.size
    if size == 0:
        raise ValidationError("The file is empty.")
    if size > max_mb * 1024 * 1024:
        shown = math.ceil(size * 10 / 1024 / 1024) / 10  # rounded up: 2.01 MB is never "2.0"
        raise ValidationError(f"The file is {shown:.1f} MB; the limit is {max_mb} MB.")
    return size


def pdf_check(file, *, max_pages: int | None, max_mb: int = MAX_UPLOAD_MB) -> CheckedPdf:
    """Raise ValidationError with a sentence the uploader can act on; return the page count."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    size = upload_size_check(file, max_mb=max_mb)
    file.seek(0)
    if file.read(len(PDF_MAGIC)) != PDF_MAGIC:
        raise ValidationError("This file is not a PDF. Save or export it as PDF and try again.")
    file.seek(0)
    limit = min(max_pages or PDF_MAX_PAGES, PDF_MAX_PAGES)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                "This PDF is password-protected, so it could not be opened. "
                "Save a copy without a password."
            )
        pages = _page_count(reader)
    except ValidationError:
        raise
    except _TooManyPages:
        raise ValidationError(
            f"The PDF has more than {PDF_MAX_PAGES} pages; the limit is {limit}."
        ) from None
    except (_Damaged, PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise ValidationError("This PDF is damaged or not one we can read.") from None
    finally:
        file.seek(0)
    if pages == 0:
        raise ValidationError("This PDF has no pages.")
    if pages > limit:
        raise ValidationError(f"The PDF has {pages} pages; the limit is {limit}.")
    return CheckedPdf(pages=pages, size=size)


def pdf_display_name(uploaded_name: str, *, fallback: str = "document") -> str:
    """The name a checked PDF is kept and downloaded under: the uploader's name with the type
    the content proved (cv.exe holding a PDF is kept as cv.pdf), at most 200 characters."""
    name = (uploaded_name or "").replace("/", "-").replace("\\", "-")
    stem = (name.rsplit(".", 1)[0] if "." in name else name).strip(" .") or fallback
    return f"{stem[:196]}.pdf"
