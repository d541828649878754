from django import forms

from icis.core.spam import HumanCheckForm


class SubscribeForm(HumanCheckForm):
    email = forms.EmailField(label="Your email address", max_length=254)
    name = forms.CharField(label="Your name (optional)", max_length=200, required=False)

    field_order = ["email", "name"]


class ConfirmSubscriptionForm(forms.Form):
    """The button on the confirmation page: opening the link only asks (mail scanners open
    links); pressing the button subscribes."""
