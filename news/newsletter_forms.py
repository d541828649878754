from django import forms

from icis.core.spam import HumanCheckForm


class SubscribeForm(HumanCheckForm):
    email = forms.EmailField(label="Your email address", max_length=254)
    name = forms.CharField(label="Your name (optional)", max_length=200, required=False)

    field_order = ["email", "name"]
