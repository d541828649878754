from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared pieces every app may use: base models, the audit log, markup, money."""

    name = "icis.core"
    label = "core"
