"""The reviewer's forms (scores on the call's rubric, a declared conflict) and staff's
(a decision, a reviewer assigned or a conflict recorded by hand)."""

from django import forms

from icis.review.models import SCORE_MAX, SCORE_MIN

from .models import Abstract


class ScoreForm(forms.Form):
    """One score per criterion of the call's rubric, and a comment."""

    SCORE_CHOICES = [("", "Not scored yet")] + [
        (str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)
    ]

    comment = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (weight {criterion.weight})",
                choices=self.SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=criterion.guidance or "1 is weak, 5 is outstanding.",
            )
        self.order_fields([f"criterion_{c.pk}" for c in self.criteria] + ["comment"])

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}


class ConflictForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        label="Why you cannot review this abstract",
        help_text="For example: you know the work, a recent collaborator, a former trainee.",
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("", "Undecided"), *Abstract.Decision.choices], required=False
    )
    session = forms.TypedChoiceField(
        label="Program session (oral)", coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "—")] + [
            (session.pk, f"{session.day.date:%d %b} {session.start_time:%H:%M} {session.title}")
            for session in sessions
        ]


class ReviewerForm(forms.Form):
    """Staff pick a panel member for one abstract (to assign, or to record a conflict)."""

    reviewer = forms.TypedChoiceField(coerce=int, label="Reviewer")
    reason = forms.CharField(max_length=300, required=False, label="Reason (for a conflict)")

    def __init__(self, *args, panel=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [
            (member.reviewer_id, member.reviewer.get_full_name() or member.reviewer.email)
            for member in panel
        ]
