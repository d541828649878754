from django import forms

from .models import DailyQuestion, Tournament


class DailyAnswerForm(forms.Form):
    """One answer to the day's question: one of its choices, nothing else."""

    choice = forms.TypedChoiceField(
        label="Your answer", widget=forms.RadioSelect, coerce=int, empty_value=None
    )

    def __init__(self, *args, question: DailyQuestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices_by_pk = {choice.pk: choice for choice in question.choices.all()}
        self.fields["choice"].choices = [(pk, c.text) for pk, c in self.choices_by_pk.items()]
        self.fields["choice"].label = question.text

    def clean_choice(self):
        return self.choices_by_pk[self.cleaned_data["choice"]]


class BoardVisibilityForm(forms.Form):
    hidden = forms.BooleanField(
        required=False,
        label="Hide me from the leaderboard",
        help_text="You still score and may win a prize; only you see your place.",
    )


class DailyQuestionAdminForm(forms.ModelForm):
    """Staff's form for a daily question: asked on one of the meeting's days."""

    class Meta:
        model = DailyQuestion
        fields = ["tournament", "day", "text"]

    def clean(self):
        cleaned = super().clean()
        tournament: Tournament | None = cleaned.get("tournament")
        day = cleaned.get("day")
        if tournament and day:
            meeting = tournament.meeting
            if not meeting.start_date <= day <= meeting.end_date:
                self.add_error(
                    "day",
                    f"Choose a day of the meeting: {meeting.start_date:%d %B} to "
                    f"{meeting.end_date:%d %B %Y}.",
                )
        return cleaned
