from django import forms

from .imports import FILE_TOO_LARGE, MAX_FILE_BYTES, ImportPlan, MemberImportError, parse_member_csv


class MemberImportForm(forms.Form):
    """The CSV upload. A valid form holds the file's bytes and the checked plan (a dry run)."""

    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, comma-separated, at most 5 MB and 20,000 rows.",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    file_bytes: bytes
    plan: ImportPlan

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Checked before reading, so a huge upload is never loaded into memory.
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(FILE_TOO_LARGE)
        file_bytes = upload.read()
        try:
            self.plan = parse_member_csv(file_bytes)
        except MemberImportError as exc:
            raise forms.ValidationError(str(exc)) from None
        self.file_bytes = file_bytes
        return upload
