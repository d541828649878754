from django.apps import AppConfig


class MailConfig(AppConfig):
    """The email outbox: every email the site sends is a row, sent once by a Celery worker."""

    name = "icis.mail"
    label = "mail"
    verbose_name = "Email outbox"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
