"""Forms for members' research news. They validate; the services in `news.services` save."""

import uuid

from django import forms
from django.core.exceptions import ValidationError

from .exceptions import ResearchNewsError
from .models import ResearchNews
from .services import doi_normalise, paper_url_check

_TITLE_MAX = ResearchNews._meta.get_field("title").max_length
_SUMMARY_MAX = ResearchNews._meta.get_field("summary").max_length


def _title_field(**attrs) -> forms.CharField:
    return forms.CharField(
        label="Title",
        widget=forms.TextInput(attrs=attrs),
        max_length=_TITLE_MAX,
        help_text="A headline for the news, in plain words; it can differ from the paper's.",
        error_messages={"required": "Give a title."},
    )


def _summary_field(**attrs) -> forms.CharField:
    return forms.CharField(
        label="Summary",
        max_length=_SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 6, **attrs}),
        help_text=(
            "A few sentences for colleagues in other fields: what you found and why it matters. "
            f"At most {_SUMMARY_MAX} characters."
        ),
        error_messages={"required": "Give a summary."},
    )


def _as_validation_error(check, value):
    try:
        return check(value)
    except ResearchNewsError as exc:
        raise ValidationError(str(exc)) from None


class ResearchNewsForm(forms.Form):
    title = _title_field()
    summary = _summary_field()
    paper_url = forms.CharField(
        label="Link to the paper",
        max_length=ResearchNews._meta.get_field("paper_url").max_length,
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
        help_text="The journal's page or a preprint server's.",
        error_messages={"required": "Give a link to the paper."},
    )
    doi = forms.CharField(
        label="DOI (optional)",
        max_length=ResearchNews._meta.get_field("doi").max_length + 20,
        required=False,
        help_text="Like 10.1038/s41590-021-01012-3; a https://doi.org/ link works too.",
    )
    # A new token each time the empty form is shown; kept when the form comes back with errors,
    # so however often this form is sent, it makes one item.
    form_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", uuid.uuid4())

    def clean_paper_url(self) -> str:
        return _as_validation_error(paper_url_check, self.cleaned_data["paper_url"])

    def clean_doi(self) -> str:
        return _as_validation_error(doi_normalise, self.cleaned_data["doi"])


class ResearchNewsApproveForm(forms.Form):
    """Staff may improve the title and summary as they publish."""

    title = _title_field(**{"class": "vLargeTextField"})
    summary = _summary_field(**{"class": "vLargeTextField"})


class ResearchNewsRejectForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"}),
        help_text="Sent to the member by email, and shown on their research news page.",
        error_messages={"required": "Give the member a reason for rejecting."},
    )
