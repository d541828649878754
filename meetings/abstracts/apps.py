from django.apps import AppConfig


class AbstractsConfig(AppConfig):
    """A meeting's call for abstracts and the abstracts submitted to it."""

    name = "meetings.abstracts"
    label = "abstracts"
    verbose_name = "Abstracts"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
