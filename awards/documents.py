"""Award documents and letters in private storage (their content is checked by icis.core.pdfs)."""

import functools
from contextvars import ContextVar

from icis.core.pdfs import PDF_MAX_PAGES, CheckedPdf, pdf_check, pdf_display_name

from .models import private_storage

__all__ = ["PDF_MAX_PAGES", "CheckedPdf", "pdf_check", "pdf_display_name"]

# --- Storing ------------------------------------------------------------------------------------

_written_in_this_call: ContextVar[list[str] | None] = ContextVar("awards_files", default=None)


def files_removed_on_rollback(service):
    """Wrap a service (outside its `transaction.atomic`) that stores files with
    `document_file_write`: if the service fails, its transaction rolls back and the files it
    wrote are deleted, so no file is left in private storage without the row that names it."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        if _written_in_this_call.get() is not None:  # an outer service cleans up for both
            return service(*args, **kwargs)
        written: list[str] = []
        token = _written_in_this_call.set(written)
        try:
            return service(*args, **kwargs)
        except BaseException:
            storage = private_storage()
            for name in written:
                storage.delete(name)
            raise
        finally:
            _written_in_this_call.reset(token)

    return wrapper


def document_file_write(document, upload) -> None:
    """Write a checked PDF to private storage under a fresh name ending in .pdf."""
    written = _written_in_this_call.get()
    if written is None:
        raise RuntimeError("Store files only from a service wrapped in files_removed_on_rollback.")
    document.file.save(f"{document.kind}.pdf", upload, save=False)
    written.append(document.file.name)
