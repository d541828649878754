from django import forms

from .models import Application
from .services import abstract_choices

# What the email columns (and any mail server) hold; a longer address is refused on the form.
EMAIL_MAX_LENGTH = 254


class ApplicationForm(forms.Form):
    """The draft's text. Nothing is required here: saving keeps what is written, and submit
    says what is still missing."""

    title = forms.CharField(max_length=300, required=False)
    summary = forms.CharField(
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Up to 3,000 characters.",
    )
    declaration_confirmed = forms.BooleanField(required=False)

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        program = application.cycle.program
        if application.is_nomination:
            self.fields["title"].label = "Title of the nomination"
            self.fields["summary"].label = "Why the candidate deserves the award"
        else:
            self.fields["title"].label = "Title of your work"
            self.fields["summary"].label = "Summary of your work"
        if program.declaration:
            self.fields["declaration_confirmed"].label = program.declaration
        else:
            del self.fields["declaration_confirmed"]


class DraftForm(ApplicationForm):
    """The whole draft in one form, so a single "Save draft" keeps the text, any files chosen
    and a referee to ask: nothing typed is lost to a second form."""

    referee_name = forms.CharField(max_length=200, required=False, label="Referee's name")
    referee_email = forms.EmailField(
        required=False, max_length=EMAIL_MAX_LENGTH, label="Referee's email address"
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        cycle = application.cycle
        self.document_fields = []
        for requirement in cycle.documents.all():
            name = f"file_{requirement.kind}"
            self.fields[name] = forms.FileField(
                required=False,
                label=requirement.get_kind_display(),
                widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
            )
            self.document_fields.append((requirement, name))
        self.describe_uploads(application)
        self._abstract_field(application)
        if not cycle.letters_required:
            del self.fields["referee_name"]
            del self.fields["referee_email"]

    def _abstract_field(self, application: Application) -> None:
        """A call tied to the meeting's abstracts asks which of the applicant's it is for."""
        cycle = application.cycle
        if not cycle.abstract_required or application.is_nomination:
            return
        choices = abstract_choices(application=application)
        meeting = cycle.meeting.name
        accepted = cycle.abstract_required == cycle.AbstractRule.ACCEPTED
        self.fields["abstract"] = forms.TypedChoiceField(
            label=f"Your abstract to {meeting}",
            coerce=int,
            required=False,
            empty_value=None,
            choices=[("", "Choose your abstract")]
            + [(abstract.pk, f"{abstract.number}: {abstract}") for abstract in choices],
            help_text=(
                f"This award is for an abstract {'accepted for' if accepted else 'submitted to'} "
                f"{meeting}, submitted by you or naming you as presenting author."
                + ("" if choices else " You have none yet: submit one to the meeting's call.")
            ),
            error_messages={"invalid_choice": "Choose one of your abstracts listed."},
        )

    def describe_uploads(self, application: Application) -> None:
        """Each file field's help says what is already uploaded, so a screen reader on the
        field hears it, then the limits."""
        uploaded = {document.kind: document for document in application.files.all()}
        for requirement, name in self.document_fields:
            current = uploaded.get(requirement.kind)
            already = (
                f"Uploaded: {current.original_name} ({current.pages} page"
                f"{'s' if current.pages != 1 else ''}). Choose a new file to replace it."
                if current
                else ""
            )
            self.fields[name].help_text = " ".join(
                filter(None, [already, requirement.instructions, requirement.limits + "."])
            )

    def clean(self):
        cleaned = super().clean()
        if "referee_name" in self.fields:
            name, email = cleaned.get("referee_name"), cleaned.get("referee_email")
            if name and not email and "referee_email" not in self.errors:
                self.add_error("referee_email", "Give the referee's email address too.")
            if email and not name:
                self.add_error("referee_name", "Give the referee's name too.")
        return cleaned

    def uploads(self) -> list[tuple[str, str, object]]:
        """(field name, kind, file) for every file chosen."""
        return [
            (name, requirement.kind, self.cleaned_data[name])
            for requirement, name in self.document_fields
            if self.cleaned_data.get(name)
        ]


class NominationForm(forms.Form):
    name = forms.CharField(max_length=200, label="Candidate's name")
    email = forms.EmailField(
        max_length=EMAIL_MAX_LENGTH,
        label="Candidate's email address",
        help_text="If the candidate has an account with us, their profile is checked against "
        "the award's rules.",
    )
    institution = forms.CharField(max_length=200, label="Candidate's institution")


class LetterForm(forms.Form):
    file = forms.FileField(
        label="Your letter (PDF)",
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
