from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared pieces every app may use: base models, the audit log, markup, money."""

    name = "icis.core"
    label = "core"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Every app's audit actions, registered before anything records or lists them.
        autodiscover_modules("audit")
