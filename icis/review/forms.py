"""The reviewer's forms, the same for every kind of reviewed thing: scores on the round's
rubric (and saving them from a page), and a conflict declared."""

from django import forms
from django.contrib import messages

from .models import SCORE_MAX, SCORE_MIN


class RubricForm(forms.Form):
    """One score per criterion of the rubric (SCORE_MIN to SCORE_MAX), and a comment."""

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
    """A reviewer steps aside; `reviewed` names the thing ("application", "abstract")."""

    reason = forms.CharField(max_length=300)

    def __init__(self, *args, reviewed: str, example: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = f"Why you cannot review this {reviewed}"
        self.fields["reason"].help_text = f"For example: {example}."


def rubric_form_for(review, *, criteria, data=None) -> RubricForm:
    """The rubric form for `review`, filled with the scores and comment saved so far."""
    initial = {f"criterion_{score.criterion_id}": score.value for score in review.scores.all()}
    initial["comment"] = review.comment
    return RubricForm(data, criteria=criteria, initial=initial)


def rubric_saved(request, form: RubricForm, *, save, refused: type[Exception]) -> bool:
    """A posted rubric: `save(scores=, comment=, submit=)` keeps it (the "submit" action makes it
    final) and the reviewer is told; a refusal is shown on the form. Whether it was saved."""
    if request.method != "POST" or not form.is_valid():
        return False
    submit = request.POST.get("action") == "submit"
    try:
        save(scores=form.scores(), comment=form.cleaned_data["comment"], submit=submit)
    except refused as exc:
        form.add_error(None, str(exc))
        return False
    messages.success(request, "Your review is submitted." if submit else "Your scores are saved.")
    return True
