from django.apps import AppConfig


class VirtualConfig(AppConfig):
    name = "meetings.virtual"
    label = "virtual"
    verbose_name = "Virtual meeting"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
