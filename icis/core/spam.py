"""Spam resistance for public forms without third-party scripts: a honeypot field people do
not see (bots fill every field) and a signed "form shown at" time (bots post at once; a form
sent back faster than `PUBLIC_FORM_MIN_SECONDS`, or with a time that was altered or is more
than a day old, is refused with a message and a fresh time, keeping what was typed)."""

import time

from django import forms
from django.conf import settings
from django.core import signing

_SALT = "public-form-started"
MAX_AGE_SECONDS = 24 * 60 * 60
TOO_FAST = "That was quicker than a person types. Please check the form and send it again."
TOO_OLD = "This form was open too long ago. Please check it and send it again."


def started_token(*, at: float | None = None) -> str:
    """A signed "form shown at" time (seconds since the epoch)."""
    return signing.Signer(salt=_SALT).sign(str(int(time.time() if at is None else at)))


class HumanCheckForm(forms.Form):
    """Mix into a public form: adds the honeypot (`website`) and the signed `started` time.
    Templates render `form.website` inside `<div class="honeypot" aria-hidden="true">`."""

    website = forms.CharField(
        required=False,
        max_length=200,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["started"] = started_token()
        self.is_spam = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            # A bot: the view pretends all went well and sends nothing.
            self.is_spam = True
            return cleaned
        try:
            shown = int(signing.Signer(salt=_SALT).unsign(cleaned.get("started") or ""))
        except (signing.BadSignature, ValueError):
            shown = None
        elapsed = time.time() - shown if shown is not None else None
        minimum = getattr(settings, "PUBLIC_FORM_MIN_SECONDS", 3)
        if elapsed is None or elapsed > MAX_AGE_SECONDS:
            self._fresh_start()
            raise forms.ValidationError(TOO_OLD, code="stale")
        if elapsed < minimum:
            self._fresh_start()
            raise forms.ValidationError(TOO_FAST, code="too_fast")
        return cleaned

    def _fresh_start(self) -> None:
        """Re-rendered after a refusal, the form carries a new time (what was typed stays)."""
        data = self.data.copy()
        data["started"] = started_token()
        self.data = data
