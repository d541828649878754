from django import forms

from icis.core.spam import HumanCheckForm

from .models import ContactMessage


class OfficeContactForm(HumanCheckForm):
    name = forms.CharField(label="Your name", max_length=200)
    email = forms.EmailField(label="Your email address", max_length=254)
    topic = forms.ChoiceField(label="What is it about?", choices=ContactMessage.Topic.choices)
    message = forms.CharField(
        label="Your message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Up to 5,000 characters.",
    )

    field_order = ["name", "email", "topic", "message"]
