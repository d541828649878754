"""Lists and tables every person can use: Django leaves the boxes of a list's editable columns
and of a tabular inline without a label; these name each by its column and row."""

from django import forms
from django.contrib import admin


class LabelledListEditableMixin:
    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)

        class LabelledForm(base):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                for field in self.fields.values():
                    if isinstance(field.widget, forms.HiddenInput):
                        continue
                    label = str(field.label or "").capitalize()
                    row = str(self.instance) if self.instance.pk else ""
                    field.widget.attrs.setdefault(
                        "aria-label", f"{label} of {row}" if row else label
                    )

        return LabelledForm


class LabelledTabularInline(admin.TabularInline):
    """A table of rows (prices, fee windows) whose boxes are named by column and row, "Price
    (row 2)": Django's tabular inline writes the column's name only once, in the table head,
    unconnected to the boxes."""

    def get_formset(self, request, obj=None, **kwargs):
        base = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(base):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                row = "new row" if index is None else f"row {index + 1}"
                for name, field in form.fields.items():
                    if not field.widget.is_hidden:
                        label = str(field.label or name).capitalize()
                        field.widget.attrs["aria-label"] = f"{label} ({row})"

        return LabelledFormSet
