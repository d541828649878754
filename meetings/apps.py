from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """The annual meeting: committees, sponsors, notices, program, registration."""

    name = "meetings"

    def ready(self) -> None:
        from icis.payments import registry

        from . import personal_data
        from .registration import registration_fulfil, registration_refunded

        registry.register("registration", fulfil=registration_fulfil, refund=registration_refunded)
        personal_data.register()
