from django.apps import AppConfig


class TournamentConfig(AppConfig):
    name = "meetings.tournament"
    label = "tournament"
    verbose_name = "Tournament"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
