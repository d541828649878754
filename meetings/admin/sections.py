"""The meeting's admin in sections: the change form keeps the meeting's core details, and each
section (content, program, registration, sponsors, virtual platform) is the same form at
`?section=<slug>` with only that section's fields and tables, plus links to the section's own
lists filtered to this meeting. Staff build a meeting one section at a time."""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode


@dataclass(frozen=True)
class SectionLink:
    """A list of the section's records, filtered to the meeting by `lookup` (None: unfiltered)."""

    label: str
    model: str  # "app_label.model_name"
    lookup: str | None = "meeting__id__exact"


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    fieldsets: list = field(default_factory=list)
    inlines: list = field(default_factory=list)
    links: list[SectionLink] = field(default_factory=list)


class MeetingSectionsMixin:
    """For the meeting's ModelAdmin: `details` is the fieldsets of the core form (and the add
    form); `sections` the rest, in order."""

    details: list = []
    sections: list[Section] = []
    change_form_template = "admin/meetings/meeting/change_form.html"

    def section(self, request) -> Section | None:
        slug = request.GET.get("section", "")
        return next((section for section in self.sections if section.slug == slug), None)

    def get_fieldsets(self, request, obj=None):
        section = self.section(request) if obj is not None else None
        return section.fieldsets if section else self.details

    def get_prepopulated_fields(self, request, obj=None):
        section = self.section(request) if obj is not None else None
        return {} if section else super().get_prepopulated_fields(request, obj)

    def get_inlines(self, request, obj):
        section = self.section(request) if obj is not None else None
        return section.inlines if section else []

    def section_links(self, request, obj, section: Section) -> list[tuple[str, str]]:
        """The section's lists this person may see, as (label, address) pairs."""
        links = []
        registry = self.admin_site._registry
        for link in section.links:
            app_label, model_name = link.model.split(".")
            model_admin = next(
                (
                    admin
                    for model, admin in registry.items()
                    if model._meta.label_lower == link.model
                ),
                None,
            )
            if model_admin is None or not model_admin.has_view_permission(request):
                continue
            try:
                url = reverse(f"admin:{app_label}_{model_name}_changelist")
            except NoReverseMatch:
                continue
            if link.lookup:
                url = f"{url}?{urlencode({link.lookup: obj.pk})}"
            links.append((link.label, url))
        return links

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        current = self.section(request)
        extra_context = {
            **(extra_context or {}),
            "meeting_sections": [
                (section.slug, section.title, section is current) for section in self.sections
            ],
            "meeting_section": current,
            "meeting_section_links": (
                self.section_links(request, obj, current) if obj and current else []
            ),
        }
        if current:
            extra_context["subtitle"] = f"{obj} — {current.title}" if obj else current.title
        return super().change_view(request, object_id, form_url, extra_context)
