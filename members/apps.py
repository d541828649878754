from django.apps import AppConfig


class MembersConfig(AppConfig):
    """Member profiles, membership types and terms, join, renew, directory, portal."""

    name = "members"
