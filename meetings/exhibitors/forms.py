from django import forms

from icis.core.pdfs import pdf_check, pdf_display_name

from .models import MESSAGE_MAX_LENGTH, RESOURCE_MAX_MB, RESOURCE_MAX_PAGES, BoothResource


class ContactForm(forms.Form):
    """What an attendee shares with a booth: name and email always; the rest if ticked."""

    share_institution = forms.BooleanField(required=False)
    share_country = forms.BooleanField(required=False)
    message = forms.CharField(
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Optional, at most {MESSAGE_MAX_LENGTH} characters.",
    )

    def __init__(self, *args, details: dict, **kwargs):
        super().__init__(*args, **kwargs)
        institution = details["institution"]
        country = details["country"]
        self.fields["share_institution"].label = (
            f"My institution: {institution}" if institution else "My institution (none given)"
        )
        self.fields["share_country"].label = (
            f"My country: {country}" if country else "My country (none given)"
        )
        if not institution:
            self.fields["share_institution"].disabled = True
        if not country:
            self.fields["share_country"].disabled = True


class BoothResourceAdminForm(forms.ModelForm):
    """A resource's PDF is checked by what it contains (size and page limits) before it is
    kept; a link must be https."""

    class Meta:
        model = BoothResource
        fields = ["title", "file", "url", "ordering"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the file kept
            pdf_check(upload, max_pages=RESOURCE_MAX_PAGES, max_mb=RESOURCE_MAX_MB)
            upload.name = pdf_display_name(upload.name, fallback="resource")
        return upload

    def save(self, commit=True):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            self.instance.original_name = upload.name
        return super().save(commit=commit)
