from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared pieces every app may use: base models, the audit log, markup, money."""

    name = "icis.core"
    label = "core"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Every app's audit actions, registered before anything records or lists them.
        autodiscover_modules("audit")

        from django.db.models.signals import post_migrate

        post_migrate.connect(_install_page_generation, sender=self)

        # The admin registered every app's models (django.contrib.admin is ready before this
        # app): the technical ones are now kept for superusers.
        from .admin_technical import technical_models_hide

        technical_models_hide()


def _install_page_generation(sender, using="default", **kwargs) -> None:
    """After every migrate: the page cache's triggers on every table of public content,
    new ones included (icis/core/pagegeneration.py)."""
    from . import pagegeneration

    pagegeneration.install(using=using)
