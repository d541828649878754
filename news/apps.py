from django.apps import AppConfig


class NewsConfig(AppConfig):
    """News posts, the Atom feed and the Signals+ newsletter."""

    name = "news"
