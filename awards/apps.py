from django.apps import AppConfig


class AwardsConfig(AppConfig):
    """Award programs, cycles, applications, reviews, decisions and recipients."""

    name = "awards"
