from django import forms


class SignupNameForm(forms.Form):
    """Extra fields on allauth's sign-up form: the name that goes on receipts and badges."""

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

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def signup(self, request, user) -> None:
        # allauth's adapter already copied first_name and last_name onto the user and saves it.
        pass
