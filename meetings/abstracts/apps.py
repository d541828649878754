from django.apps import AppConfig


class AbstractsConfig(AppConfig):
    """A meeting's call for abstracts and the abstracts submitted to it."""

    name = "meetings.abstracts"
    label = "abstracts"
    verbose_name = "Abstracts"

    def ready(self) -> None:
        from icis.core import pagegeneration
        from icis.review.registry import reviewer_section

        from . import personal_data, review_views
        from .publishing import of_published_sql, published_sql

        personal_data.register()
        reviewer_section("abstract", review_views.reviewer_section)
        # Drafts, and the authors of drafts, are never on a public page.
        pagegeneration.public_when("abstracts.Abstract", published_sql)
        pagegeneration.public_when("abstracts.Author", of_published_sql)
        pagegeneration.public_when("abstracts.Affiliation", of_published_sql)
