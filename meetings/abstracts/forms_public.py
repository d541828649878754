"""The search box and filters of the public list of accepted abstracts."""

from django import forms

from .models import Abstract, AbstractCall

MAX_QUERY_LENGTH = 200

# Any control character (NUL above all: PostgreSQL refuses it) becomes a space.
_CONTROL = {code: " " for code in range(32)}


class AcceptedSearchForm(forms.Form):
    q = forms.CharField(
        label="Words to find",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        help_text="In titles, authors, keywords and abstracts.",
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
    )
    topic = forms.TypedChoiceField(label="Topic", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[
            ("", "Oral presentations and posters"),
            (Abstract.Decision.ORAL, "Oral presentations"),
            (Abstract.Decision.POSTER, "Posters"),
        ],
    )

    def __init__(self, *args, call: AbstractCall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "All topics")] + [
            (topic.pk, topic.name) for topic in call.topics.all()
        ]

    def filters(self) -> dict:
        """What to list: the valid filters (an invalid one is left out and shown in place)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        q = " ".join((data.get("q") or "").translate(_CONTROL).split())
        return {"q": q, "topic_id": data.get("topic"), "kind": data.get("kind") or ""}
