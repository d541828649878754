from django.apps import AppConfig


class MentorshipConfig(AppConfig):
    """Mentors and trainees: opt-in profiles, requests, pairings, check-ins and speed mentoring
    at the annual meeting."""

    name = "mentorship"

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
