from django import forms

from icis.core.forms import CurrencyCodeField, MoneyAmountField, MoneyModelForm

from .imports import FILE_TOO_LARGE, MAX_FILE_BYTES, ImportPlan, MemberImportError, parse_member_csv
from .models import CareerStage, MembershipPrice, MembershipType


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


class MembershipTypeForm(forms.ModelForm):
    """Career stages as checkboxes (not Django's comma-separated array field, whose error for a
    value with a "%" in it fails while the page is drawn)."""

    career_stages = forms.MultipleChoiceField(
        choices=CareerStage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=MembershipType._meta.get_field("career_stages").help_text,
    )

    class Meta:
        model = MembershipType
        fields = [
            "name",
            "slug",
            "description",
            "currency",
            "term_months",
            "career_stages",
            "is_purchasable",
            "is_active",
            "ordering",
        ]


class MembershipPriceForm(MoneyModelForm):
    """One price of a membership type, entered and shown as a decimal in its currency."""

    currency = CurrencyCodeField(help_text="GBP, USD, EUR…")
    amount = MoneyAmountField(label="Price", help_text="For example 150.00.")

    class Meta:
        model = MembershipPrice
        fields = ["currency", "amount"]


class MembershipPriceFormSet(forms.BaseInlineFormSet):
    """A type members can buy needs a price in its default currency: the membership pages
    charge in it."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        membership_type = self.instance
        currencies = [
            form.cleaned_data["currency"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("currency")
        ]
        if membership_type.is_purchasable and membership_type.currency not in currencies:
            raise forms.ValidationError(
                f"Members can buy this type, so it needs a price in its default currency "
                f"({membership_type.currency})."
            )
