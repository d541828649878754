"""Staff's forms for abstracts: a decision, a reviewer assigned or a conflict recorded by hand.
(The reviewer's own forms are the review engine's, `icis.review.forms`.)"""

from django import forms

from .models import Abstract


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
