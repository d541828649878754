from django.apps import AppConfig


class AwardsConfig(AppConfig):
    """Award programs, cycles, applications, reviews, decisions and recipients."""

    name = "awards"

    def ready(self) -> None:
        from icis.accounts import personal_data

        from .selectors import account_export
        from .services import account_erase

        personal_data.register("awards", export=account_export, erase=account_erase)
