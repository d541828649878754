"""Forms of the awards' admin: the program's, and those of its own staff pages
(`awards/admin_views.py`)."""

from django import forms
from django.contrib.auth import get_user_model

from icis.core.forms import CurrencyCodeField, MoneyAmountField, MoneyModelForm
from members.career import CareerStage

from .models import Application, AwardProgram

User = get_user_model()
Decision = Application.Decision


class DecisionForm(forms.Form):
    """One row of the ranking: the decision on one application (blank clears it)."""

    decision = forms.ChoiceField(choices=[("", "Undecided"), *Decision.choices], required=False)
    citation = forms.CharField(max_length=300, required=False)


class PanelMemberForm(forms.Form):
    """A choice among the call's panel, less those `exclude_for` rules out."""

    reviewer = forms.ModelChoiceField(queryset=User.objects.none(), label="Panel member")

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = self.exclude_for(
            User.objects.filter(award_panels__cycle_id=application.cycle_id), application
        ).order_by("last_name", "first_name", "email")
        self.fields["reviewer"].label_from_instance = lambda user: (
            f"{user.get_full_name()} ({user.email})" if user.get_full_name() else user.email
        )

    def exclude_for(self, reviewers, application: Application):
        return reviewers


class ReviewerAssignForm(PanelMemberForm):
    def exclude_for(self, reviewers, application: Application):
        return reviewers.exclude(award_reviews__application=application)


class ConflictRecordForm(PanelMemberForm):
    reason = forms.CharField(max_length=300, help_text="For example: co-authored a paper in 2025.")

    def exclude_for(self, reviewers, application: Application):
        return reviewers.exclude(award_conflicts__application=application)


class AwardProgramForm(MoneyModelForm):
    money_fields = {"value_amount": "currency"}
    value_amount = MoneyAmountField(
        label="Prize money",
        required=False,
        help_text="In the award's currency, for example 1,000.00. Empty when there is no cash "
        "prize.",
    )
    currency = CurrencyCodeField(initial="USD")
    career_stages = forms.MultipleChoiceField(
        choices=CareerStage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=AwardProgram._meta.get_field("career_stages").help_text,
    )

    class Meta:
        model = AwardProgram
        fields = [
            "name",
            "slug",
            "level",
            "summary",
            "description",
            "is_active",
            "membership_required",
            "career_stages",
            "max_years_since_degree",
            "declaration",
            "value_amount",
            "currency",
            "benefits",
            "grants_registration",
            "grants_membership_type",
            "ordering",
        ]
