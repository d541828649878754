"""Form fields the meetings admins share."""

from django import forms

from ..selectors import category_label


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories of several meetings share names (Member, Trainee): label them with theirs."""

    def label_from_instance(self, obj):
        return category_label(obj)


class CategoryMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return category_label(obj)
