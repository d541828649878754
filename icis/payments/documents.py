"""PDF documents rendered from HTML templates with WeasyPrint."""

import logging
import os

from django.conf import settings
from django.template.loader import render_to_string


class PdfFailed(RuntimeError):
    """WeasyPrint could not make the PDF (the child process that renders it failed)."""


def pdf_from_template(template: str, context: dict) -> bytes:
    html = render_to_string(
        template,
        {"society_name": settings.SOCIETY_NAME, "site_url": settings.SITE_URL, **context},
    )
    return html_to_pdf(html, base_url=str(settings.BASE_DIR))


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    """The PDF of `html`, rendered in a forked child process that exits afterwards.

    WeasyPrint and its font caches add some 40-55 MB to a process that loads them, and a web
    worker would keep that for the rest of its life after a single receipt or certificate. The
    child has that memory instead and gives it back when it exits; it touches no database
    connection and skips the parent's clean-up (`os._exit`)."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        status = 1
        try:
            os.close(read_end)
            from weasyprint import HTML

            data = HTML(string=html, base_url=base_url).write_pdf()
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            status = 0
        except BaseException:
            logging.getLogger(__name__).exception("WeasyPrint could not render a PDF")
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(child, 0)
    if status != 0 or not data.startswith(b"%PDF"):
        raise PdfFailed(f"rendering the PDF failed (child exit status {status})")
    return data


def receipt_attachment(payment_id: int) -> tuple[str, bytes, str]:
    """The receipt as an email attachment, built when the email is sent."""
    from .models import Payment

    payment = Payment.objects.get(pk=payment_id)
    return f"{payment.receipt_number}.pdf", receipt_pdf(payment), "application/pdf"


def society_address() -> list[str]:
    """The society's postal address, line by line (the setting separates lines with "|")."""
    return [line.strip() for line in settings.SOCIETY_POSTAL_ADDRESS.split("|") if line.strip()]


def receipt_pdf(payment) -> bytes:
    return pdf_from_template(
        "payments/receipt.html",
        {
            "payment": payment,
            "items": list(payment.items.all()),
            "society_address": society_address(),
        },
    )
