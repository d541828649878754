"""A preview beside every Markdown editor of the admin: the text as the site will show it,
rendered on the server by the site's own sanitiser (`icis.core.markup`).

Without JavaScript the "Preview" button posts the form to a staff-only page in a new tab
(`formaction`, `formtarget`), which shows the field it names; `static/office/markdown-preview.js`
shows the same page's result beside the editor instead."""

from django import forms
from django.contrib import admin
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from .markup import markdown_to_html

# The longest text previewed: longer than any page or letter the society writes.
MARKDOWN_PREVIEW_MAX = 100_000


def is_markdown(db_field: models.Field) -> bool:
    """The project's Markdown fields are the text fields whose help text starts "Markdown"."""
    return isinstance(db_field, models.TextField) and str(db_field.help_text).startswith("Markdown")


class MarkdownTextarea(forms.Textarea):
    """A text area with a "Preview" button under it, and a place for the preview beside it."""

    class Media:
        js = ["office/markdown-preview.js"]

    def render(self, name, value, attrs=None, renderer=None):
        editor = super().render(name, value, attrs, renderer)
        box_id = self.build_attrs(self.attrs, attrs).get("id", name)
        return format_html(
            '<div class="markdown-editor">{}'
            '<p class="markdown-preview-actions"><button type="submit" class="button"'
            ' formaction="{}" formtarget="_blank" formmethod="post" formnovalidate'
            ' name="_preview_field" value="{}" aria-describedby="{}_preview_help">Preview</button>'
            ' <span class="help" id="{}_preview_help">Shows this text as the site will, in a'
            " new tab; nothing is saved.</span></p>"
            '<div class="markdown-preview" id="{}_preview" aria-live="polite" hidden></div>'
            "</div>",
            editor,
            reverse("admin_markdown_preview"),
            name,
            box_id,
            box_id,
            box_id,
        )


class MarkdownPreviewMixin:
    """For a ModelAdmin or an inline: its Markdown fields get the preview button. On a change
    form the save buttons are repeated at the top, so pressing Enter in a field saves (the
    first button of a form is the one Enter presses) rather than opening a preview."""

    save_on_top = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_markdown(db_field) and "widget" not in kwargs:
            kwargs["widget"] = MarkdownTextarea
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class MarkdownPreviewForm(forms.Form):
    """What the preview page accepts: the name of the field to show (as the form names it,
    "body" or "accreditations-0-statement") and that field's text, bounded."""

    field = forms.CharField(max_length=200)
    text = forms.CharField(
        max_length=MARKDOWN_PREVIEW_MAX, required=False, strip=False, widget=forms.Textarea
    )


@require_POST
def markdown_preview(request):
    """The staff-only preview page (wrapped by the admin site's `admin_view` in icis/urls.py)."""
    field_name = request.POST.get("_preview_field", "")
    form = MarkdownPreviewForm({"field": field_name, "text": request.POST.get(field_name, "")})
    html = markdown_to_html(form.cleaned_data["text"]) if form.is_valid() else ""
    context = {
        "title": "Preview",
        "form": form,
        "preview": html,
        "max_length": MARKDOWN_PREVIEW_MAX,
    }
    template = (
        "admin/core/markdown_preview_part.html"
        if request.headers.get("X-Preview-Part")
        else "admin/core/markdown_preview.html"
    )
    return TemplateResponse(request, template, {**admin.site.each_context(request), **context})
