from django.apps import AppConfig


class ExhibitorsConfig(AppConfig):
    name = "meetings.exhibitors"
    label = "exhibitors"
    verbose_name = "Exhibitor hall"
