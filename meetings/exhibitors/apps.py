"""The exhibitor hall: booths of a meeting's sponsors and exhibitors, their resources, and the
contact requests attendees choose to leave."""

from django.apps import AppConfig


class ExhibitorsConfig(AppConfig):
    name = "meetings.exhibitors"
    label = "exhibitors"
    verbose_name = "Exhibitor hall"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
