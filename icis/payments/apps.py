from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """Payments: the one place that talks to Stripe; receipts; refunds; manual payments."""

    name = "icis.payments"
    label = "payments"

    def ready(self) -> None:
        from icis.mail import attachments

        from . import personal_data
        from .documents import receipt_attachment

        attachments.register("payment_receipt", receipt_attachment)
        personal_data.register()
