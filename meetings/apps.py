from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """The annual meeting: committees, sponsors, notices, program, registration."""

    name = "meetings"
