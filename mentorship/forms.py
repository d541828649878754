"""Mentorship's forms: every field bounded; the services do the writes."""

import zoneinfo
from functools import cache

from django import forms

from icis.core.widgets import LongSelect

from .models import Format, Offer


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


class MentorProfileForm(forms.Form):
    keywords = forms.CharField(
        label="Keywords",
        max_length=300,
        required=False,
        help_text="Topics you can help with beyond your profile's research interests, "
        "separated by commas.",
    )
    offers = forms.MultipleChoiceField(
        label="What you offer",
        choices=Offer.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    formats = forms.MultipleChoiceField(
        label="Formats", choices=Format.choices, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(label="Mentees at once", min_value=1, max_value=10, initial=1)
    languages = forms.CharField(
        label="Languages", max_length=200, required=False, help_text="For example English, French."
    )
    time_zone = forms.ChoiceField(label="Your time zone", choices=(), widget=LongSelect)
    is_paused = forms.BooleanField(
        label="Pause: do not suggest me to trainees for now", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()


class FindMentorForm(forms.Form):
    """The trainee's search: what they want help with. Read from the address (GET)."""

    topics = forms.CharField(
        label="Topics",
        max_length=300,
        required=False,
        help_text="For example: interferon signalling, macrophages, grant writing.",
    )
    offer = forms.ChoiceField(
        label="Help with", choices=[("", "Anything"), *Offer.choices], required=False
    )
    format = forms.ChoiceField(
        label="Format", choices=[("", "Either"), *Format.choices], required=False
    )
    time_zone = forms.ChoiceField(
        label="Your time zone", choices=(), required=False, widget=LongSelect
    )
    include_own_institution = forms.BooleanField(
        label="Include mentors at my own institution", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [("", "Any"), *time_zone_choices()]


class MentorshipRequestForm(forms.Form):
    goals = forms.CharField(
        label="Your goals",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you hope to get from the mentoring. Only this mentor and the society's "
        "staff read it.",
    )
    topics = forms.CharField(label="Topics", max_length=300, required=False)
    format = forms.ChoiceField(label="Format", choices=Format.choices, widget=forms.RadioSelect)

    def __init__(self, *args, formats: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [(value, Format(value).label) for value in formats]


class AnswerForm(forms.Form):
    ANSWERS = [("accept", "Accept"), ("decline", "Decline")]

    answer = forms.ChoiceField(label="Your answer", choices=ANSWERS, widget=forms.RadioSelect)
    note = forms.CharField(
        label="A note for the trainee (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GoalsForm(forms.Form):
    goals = forms.CharField(
        label="Agreed goals",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How useful was the pairing?",
        coerce=int,
        choices=[(5, "5: very"), (4, "4"), (3, "3"), (2, "2"), (1, "1: not at all")],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label="Comments (read only by the society's staff)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
