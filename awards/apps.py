from django.apps import AppConfig


class AwardsConfig(AppConfig):
    """Award programs, cycles, applications, reviews, decisions and recipients."""

    name = "awards"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
