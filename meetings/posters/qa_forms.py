"""The attendee side's forms: the gallery's filters, a question, an answer, hiding a question,
a vote. Every field is bounded; a bad value is shown in place, never a server error."""

import uuid

from django import forms

from .engagement_models import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH

MAX_QUERY_LENGTH = 200
# Any control character (NUL above all: PostgreSQL refuses it) becomes a space.
_CONTROL = {code: " " for code in range(32)}


class GalleryFilterForm(forms.Form):
    q = forms.CharField(
        label="Words to find",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        help_text="In titles, presenters and affiliations.",
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
    )
    topic = forms.ChoiceField(label="Topic", required=False)
    board = forms.CharField(label="Board number", max_length=20, required=False)
    presenter = forms.CharField(label="Presenter", max_length=200, required=False)

    def __init__(self, *args, topics: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "All topics")] + [(t, t) for t in topics]

    def filters(self) -> dict:
        """The valid filters (an invalid one is left out and its error shown in place)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: " ".join(value.translate(_CONTROL).split())
            for name, value in self.cleaned_data.items()
            if isinstance(value, str) and value.strip(" \t\n\r\x00")
        }


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Your question to the presenter",
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"At most {QUESTION_MAX_LENGTH} characters. Other attendees see it.",
    )
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Write your question.")
        return text


class AnswerForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    answer = forms.CharField(
        label="Your answer",
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideQuestionForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class VoteForm(forms.Form):
    category = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    poster = forms.TypedChoiceField(label="Your vote", coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, posters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poster"].choices = [
            (p.pk, f"{p.board_number} {p.title} ({p.presenter_name})".strip()) for p in posters
        ]
