from django.apps import AppConfig


class PostersConfig(AppConfig):
    name = "meetings.posters"
    label = "posters"
    verbose_name = "iPosters"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()

        from . import admin_engagement, personal_data_engagement  # noqa: F401

        personal_data_engagement.register()
