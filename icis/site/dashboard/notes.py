"""Notes other apps add to the dashboard: a short line each, with a number and a link.

An app that wants a note offers a function in its selectors taking `now` and returning a list
of `Note`s (label, value, link), and its dotted path is listed in `PROVIDERS` (the site may
read every app's selectors; no app imports the site). Mentorship lists pairings under way and
trainees waiting for an answer.
Each provider should cost at most one query, whatever the size of its tables.
"""

from datetime import datetime
from typing import NamedTuple

from django.utils.module_loading import import_string


class Note(NamedTuple):
    label: str
    value: str
    link: str = ""


PROVIDERS: list[str] = ["mentorship.selectors.dashboard_notes"]


def dashboard_notes(*, now: datetime, providers: list[str] | None = None) -> list[Note]:
    """Every provider's notes, in the order the providers are listed."""
    notes: list[Note] = []
    for path in PROVIDERS if providers is None else providers:
        notes.extend(Note(*note) for note in import_string(path)(now=now))
    return notes
