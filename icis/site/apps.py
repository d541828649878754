from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The society's own pages and the home page.

    The composition layer: it reads every app, and no app imports it."""

    name = "icis.site"
    label = "site_pages"
    verbose_name = "Society pages"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
