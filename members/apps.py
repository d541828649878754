from django.apps import AppConfig


class MembersConfig(AppConfig):
    """Member profiles, membership types and terms, join, renew, directory, portal."""

    name = "members"

    def ready(self) -> None:
        from icis.payments import registry

        from . import (
            personal_data,
            receivers,  # noqa: F401 - a profile for every new account
        )
        from .autorenew import autorenew_card_saved
        from .services import membership_fulfil, membership_refunded

        registry.register(
            "membership",
            fulfil=membership_fulfil,
            refund=membership_refunded,
            card_saved=autorenew_card_saved,
        )
        personal_data.register()
