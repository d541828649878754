from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "icis.review"
    label = "review"
    verbose_name = "Review"
