from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """Payments: the one place that talks to Stripe; receipts; refunds; manual payments."""

    name = "icis.payments"
    label = "payments"
