from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.urls import reverse
from django.utils.html import format_html
from django_countries.fields import CountryField

from icis.core.widgets import LongSelect
from members import selectors as member_selectors


class CategorySelect(forms.RadioSelect):
    """The categories, with those sold out shown but not choosable."""

    sold_out: frozenset[str] | set[str] = frozenset()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.sold_out:
            option["attrs"]["disabled"] = True
        return option


class RegistrationForm(forms.Form):
    category = forms.ChoiceField(
        widget=CategorySelect,
        label="Registration category",
        error_messages={
            "required": "Choose a registration category.",
            "invalid_choice": "Choose one of the categories listed.",
        },
    )
    badge_name = forms.CharField(max_length=100, help_text="As it should appear on your badge.")
    affiliation = forms.CharField(
        max_length=200, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    country = CountryField().formfield(widget=LongSelect)
    accessibility_needs = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything that would help you take part: captions, dietary needs, access.",
    )
    list_consent = forms.BooleanField(
        required=False, label="Show my name and affiliation in the attendee list"
    )
    promo_code = forms.CharField(required=False, max_length=40)
    join = forms.ModelChoiceField(
        queryset=member_selectors.membership_types_sold(),
        required=False,
        to_field_name="slug",
        empty_label="No, thank you",
        label="Join the society in the same payment (for the member rate)",
        error_messages={"invalid_choice": "Choose one of the memberships listed."},
    )

    def __init__(
        self, *args, categories, offer=None, sold_out=frozenset(), waiting_for=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.categories = {category.slug: category for category in categories}
        self.sold_out = {category.slug for category in categories if category.pk in sold_out}
        self.fields["category"].choices = [
            (
                category.slug,
                category.name
                if category.slug not in self.sold_out
                else f"{category.name} (sold out: you are on its waitlist)"
                if category.pk == waiting_for
                else f"{category.name} (sold out: join the waitlist above)",
            )
            for category in categories
        ]
        self.fields["category"].widget.sold_out = self.sold_out
        self._offer_membership(offer)

    def _offer_membership(self, offer) -> None:
        """Join, or renew, in the same payment: only types priced in the meeting's currency;
        the rest are named, with where to buy them. No choice for a member already covered."""
        if offer is None or not offer.mode:
            del self.fields["join"]
            return
        join = self.fields["join"]
        join.queryset = member_selectors.membership_types_sold(
            pks=[membership_type.pk for membership_type in offer.types]
        )
        verb = "Join the society" if offer.mode == "join" else "Renew your membership"
        join.label = f"{verb} in the same payment (for the member rate)"
        # Rendered from the types the offer has already read; the queryset checks the answer.
        join.widget.choices = [("", join.empty_label)] + [
            (
                membership_type.slug,
                f"{membership_type.name}: {membership_type.price_display_in(offer.currency)} "
                f"for {membership_type.term_display}",
            )
            for membership_type in offer.types
        ]
        if offer.mode == "renew":
            join.help_text = "Your membership does not cover the meeting's dates. " + (
                "A renewal continues from the day after your membership ends."
            )
        if offer.paid_separately:
            names = ", ".join(membership_type.name for membership_type in offer.paid_separately)
            url = reverse("members:join" if offer.mode == "join" else "members:renew")
            join.help_text = format_html(
                "{}Not sold in {}: {}. Those must be paid separately, in their own currency: "
                '<a href="{}">{} on the membership page</a> first, then register at the '
                "member rate.",
                f"{join.help_text} " if join.help_text else "",
                offer.currency,
                names,
                url,
                offer.mode,
            )

    def clean_category(self):
        slug = self.cleaned_data["category"]
        if slug in self.sold_out:
            raise forms.ValidationError(
                f"The {self.categories[slug].name} rate is sold out. Join its waitlist above and "
                "we will email you if a place frees up."
            )
        return self.categories[slug]


class WaitlistForm(forms.Form):
    """The sold-out category asked for, as the register page's waitlist button sends it."""

    category = forms.SlugField(max_length=60)


class CancelForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, cancel my registration",
        error_messages={"required": "Tick the box to confirm that you want to cancel."},
    )


class CmeForm(forms.Form):
    RATINGS = [
        (str(n), label)
        for n, label in ((5, "Excellent"), (4, "Good"), (3, "Fair"), (2, "Poor"), (1, "Very poor"))
    ]

    overall = forms.ChoiceField(
        choices=RATINGS, widget=forms.RadioSelect, label="How would you rate the meeting overall?"
    )
    relevant = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        label="Was the content relevant to your work?",
    )
    free_of_bias = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        label="Was the content free of commercial bias?",
    )
    comments = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    credits = forms.DecimalField(
        min_value=Decimal("0.5"),
        decimal_places=1,
        max_digits=4,
        help_text="The hours you took part, in half credits.",
    )

    def __init__(self, *args, maximum: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credits"].validators.append(MaxValueValidator(maximum))
        self.fields["credits"].widget.attrs["max"] = str(maximum)
        self.fields["credits"].help_text = f"Up to {maximum.normalize()}, in half credits."
