"""PDF documents rendered from HTML templates with WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string


def pdf_from_template(template: str, context: dict) -> bytes:
    # Imported here: WeasyPrint takes seconds to load, which every process would pay otherwise.
    from weasyprint import HTML

    html = render_to_string(
        template,
        {"society_name": settings.SOCIETY_NAME, "site_url": settings.SITE_URL, **context},
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


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
