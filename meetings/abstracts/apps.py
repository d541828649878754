from django.apps import AppConfig


class AbstractsConfig(AppConfig):
    """A meeting's call for abstracts and the abstracts submitted to it."""

    name = "meetings.abstracts"
    label = "abstracts"
    verbose_name = "Abstracts"

    def ready(self) -> None:
        from icis.review.registry import reviewer_section

        from . import personal_data, review_views

        personal_data.register()
        reviewer_section("abstract", review_views.reviewer_section)
