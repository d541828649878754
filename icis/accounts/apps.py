from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """One identity for member, attendee, reviewer and staff: the user, sign-in, two-factor."""

    name = "icis.accounts"
    label = "accounts"
    verbose_name = "Users"

    def ready(self) -> None:
        from . import (
            account_data,
            receivers,  # noqa: F401 - connects allauth's signals to the audit log
        )

        account_data.register()
