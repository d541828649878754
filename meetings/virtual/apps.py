from django.apps import AppConfig


class VirtualConfig(AppConfig):
    name = "meetings.virtual"
    label = "virtual"
    verbose_name = "Virtual meeting"
