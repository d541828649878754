from django.apps import AppConfig


class NewsConfig(AppConfig):
    """News posts, the Atom feed and the Signals+ newsletter."""

    name = "news"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
