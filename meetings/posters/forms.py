"""The presenter's forms: the poster's file, its narration link, its meet-the-presenter
times. Each is bounded; the file is checked by content (files.py)."""

from django import forms
from django.core.exceptions import ValidationError

from icis.core.uploads import FILE_MAX_BYTES

from ..virtual.hosts import URL_MAX_LENGTH, validate_https_url
from .files import poster_file_check
from .models import PosterSettings
from .presenting import SlotEntry, slot_problem

MAX_SLOTS = 6
SLOT_WHERE_MAX_LENGTH = 200


class PosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Poster file",
        help_text="A PDF, or a PNG or JPEG image.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    def __init__(self, *args, settings: PosterSettings, **kwargs):
        super().__init__(*args, **kwargs)
        self.settings = settings
        pages = "one page" if settings.max_pages == 1 else f"at most {settings.max_pages} pages"
        self.fields[
            "file"
        ].help_text = f"A PDF ({pages}), or a PNG or JPEG image; at most {settings.max_mb} MB."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        max_mb = min(self.settings.max_mb, FILE_MAX_BYTES // (1024 * 1024))
        self.checked = poster_file_check(upload, max_mb=max_mb, max_pages=self.settings.max_pages)
        return upload


class NarrationForm(forms.Form):
    narration_url = forms.CharField(
        label="Narration (optional)",
        required=False,
        max_length=URL_MAX_LENGTH,
        validators=[validate_https_url],
        help_text="An https link to a short audio or video narration of the poster. Leave "
        "empty for none.",
        widget=forms.URLInput,
    )

    def clean_narration_url(self):
        return self.cleaned_data["narration_url"].strip()


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Starts",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label="Ends",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    where = forms.CharField(
        label="Where (optional)",
        required=False,
        max_length=SLOT_WHERE_MAX_LENGTH,
        help_text="For example the video room's name or link.",
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("starts_at") or not data.get("ends_at"):
            return data
        entry = SlotEntry(data["starts_at"], data["ends_at"], data.get("where", ""))
        problem = slot_problem(self.meeting, entry)
        if problem:
            raise ValidationError(problem)
        data["entry"] = entry
        return data


SlotFormSet = forms.formset_factory(
    SlotForm,
    extra=2,
    can_delete=True,
    max_num=MAX_SLOTS,
    absolute_max=MAX_SLOTS,
    validate_max=True,
)


def slot_entries(formset) -> list[SlotEntry]:
    """The times the valid formset keeps: filled rows not marked for removal."""
    return [
        form.cleaned_data["entry"]
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and "entry" in form.cleaned_data
    ]
