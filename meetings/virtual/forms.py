"""The on-demand library's search box and filters: every parameter goes through this form, so
an unknown day, topic or speaker is shown as an error in place and left out, never a 500."""

from django import forms

from ..models import Session
from .selectors import LibraryChoices

MAX_QUERY_LENGTH = 200

# Any control character (NUL above all: PostgreSQL refuses it) becomes a space.
_CONTROL = {code: " " for code in range(32)}


class OnDemandFilterForm(forms.Form):
    q = forms.CharField(
        label="Words to find",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        help_text="In recording and session titles, talks and speakers.",
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
    )
    day = forms.TypedChoiceField(label="Day", required=False, empty_value=None)
    topic = forms.ChoiceField(label="Topic", required=False)
    speaker = forms.TypedChoiceField(label="Speaker", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, choices: LibraryChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self._days = {day.isoformat(): day for day in choices.days}
        self.fields["day"].choices = [("", "Every day")] + [
            (key, f"{day:%A} {day.day} {day:%B}") for key, day in self._days.items()
        ]
        self.fields["day"].coerce = self._days.get
        kinds = dict(Session.Kind.choices)
        groups = [
            ("Tracks", [(f"track:{track}", track) for track in choices.tracks]),
            ("Session types", [(f"kind:{kind}", kinds[kind]) for kind in choices.kinds]),
        ]
        self.fields["topic"].choices = [("", "Every topic")] + [
            group for group in groups if group[1]
        ]
        self.fields["speaker"].choices = [("", "Every speaker"), *choices.speakers]

    def filters(self) -> dict:
        """What to list: the valid filters (an invalid one is left out and shown in place)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        topic = data.get("topic") or ""
        what, _, value = topic.partition(":")
        return {
            "q": " ".join((data.get("q") or "").translate(_CONTROL).split()),
            "day": data.get("day"),
            "track": value if what == "track" else "",
            "kind": value if what == "kind" else "",
            "speaker_id": data.get("speaker"),
        }
