from functools import partial

from django import forms

from icis.core.countries import is_country_code
from icis.core.widgets import CountryFilterSelect, LongSelect, country_choices

from .models import PROFILE_FIELDS, MemberProfile, MembershipType


class ProfileForm(forms.ModelForm):
    """Validates a profile; `profile_update` saves it."""

    first_name = forms.CharField(
        label="Given name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Family name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    class Meta:
        model = MemberProfile
        fields = ["title", "first_name", "last_name", *PROFILE_FIELDS[1:]]
        widgets = {
            "research_interests": forms.Textarea(attrs={"rows": 4}),
            "institution": forms.TextInput(attrs={"autocomplete": "organization"}),
            "title": forms.TextInput(attrs={"autocomplete": "honorific-prefix"}),
            "country": LongSelect,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(first_name=user.first_name, last_name=user.last_name)
        for name in ("institution", "country", "career_stage"):
            self.fields[name].required = True
            self.fields[name].help_text = (
                self.fields[name].help_text
                or "Needed to join: it decides which memberships you may choose."
            )

    # Room for a pasted link (https://orcid.org/…); clean_orcid keeps only the iD.
    orcid = forms.CharField(
        label="ORCID iD",
        max_length=60,
        required=False,
        help_text=MemberProfile._meta.get_field("orcid").help_text,
    )

    def clean_orcid(self) -> str:
        value = self.cleaned_data["orcid"].strip().upper()
        for prefix in ("HTTPS://ORCID.ORG/", "HTTP://ORCID.ORG/", "ORCID.ORG/"):
            value = value.removeprefix(prefix)
        return value


class MembershipProfileForm(ProfileForm):
    """What joining needs to know (name, institution, country, career stage), with the profile
    page's own fields and checks: asked on the registration form when a membership is bought
    with the meeting."""

    orcid = None

    class Meta(ProfileForm.Meta):
        fields = ["first_name", "last_name", "institution", "country", "career_stage"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("institution", "country", "career_stage"):
            self.fields[name].help_text = "Needed to join or renew."
        # Beside a registration form that asks the attendee's country for the badge.
        self.fields["country"].label = "Country you work in"

    def profile_fields(self) -> dict:
        """For `profile_update`."""
        return {
            name: self.cleaned_data[name] for name in ("institution", "country", "career_stage")
        }


class MembershipChoiceForm(forms.Form):
    membership_type = forms.ModelChoiceField(
        queryset=MembershipType.objects.filter(is_active=True, is_purchasable=True),
        to_field_name="slug",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose a membership.",
            "invalid_choice": "That membership is not offered; choose one of the list.",
        },
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Your password, to confirm it is you.",
    )
    confirm = forms.BooleanField(
        label="I understand my account, profile and membership record will be erased",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class _CountryFilterField(forms.ChoiceField):
    def valid_value(self, value) -> bool:
        # The choices' rule ("" or a country's code) without normalising ~250 choices per view.
        return value == "" or is_country_code(value)


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label="Name, institution or research interest", required=False, max_length=200
    )
    # The options are written once per language (the filter was most of the page's time); the
    # choices are looked up only to check a chosen country.
    country = _CountryFilterField(
        required=False,
        choices=partial(country_choices, "Any country"),
        widget=CountryFilterSelect(blank_label="Any country"),
    )
