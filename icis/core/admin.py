from django.contrib import admin, messages
from django.template.response import TemplateResponse

from .admin_lists import LabelledListEditableMixin
from .admin_markdown import MarkdownPreviewMixin
from .audit import audit_action, audit_action_groups, audit_action_values, audit_record
from .examples import example_note
from .models import AuditEntry, ExampleSetting


class ReadOnlyAdminMixin:
    """For records that change only through services (or never): staff can look, not edit."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditActionFilter(admin.SimpleListFilter):
    """Every app's registered actions by label, grouped by app; entries whose action is no
    longer registered (recorded before it was renamed or removed) under "Other"."""

    title = "action"
    parameter_name = "action"
    OTHER = "_other"

    def lookups(self, request, model_admin):
        choices = [
            (member.value, f"{group}: {member.label}")
            for group, members in audit_action_groups()
            for member in members
        ]
        return [*choices, (self.OTHER, "Other (no longer recorded)")]

    def queryset(self, request, queryset):
        if self.value() == self.OTHER:
            return queryset.exclude(action__in=list(audit_action_values()))
        if self.value():
            return queryset.filter(action=self.value())
        return queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit log is read-only: nobody edits history."""

    list_display = ["created_at", "actor_label", "action", "content_type", "object_label"]
    list_filter = [AuditActionFilter, "content_type"]
    search_fields = ["actor_label", "action", "object_label", "object_id"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]


class AuditedModelAdmin(LabelledListEditableMixin, MarkdownPreviewMixin, admin.ModelAdmin):
    """For content staff edit directly (pages, sponsors): every save and delete is audited,
    as `<model name>.create`, `.change` or `.delete`. The model's app registers those three
    actions in its `audit.py` (`admin_edit_actions`), and so for the models of the inlines of
    an `InlineChangesAuditedMixin` admin. Its Markdown fields have a preview
    (`icis.core.admin_markdown`), the boxes of its list are labelled (`icis.core.admin_lists`)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            note = example_note(obj=obj) if obj is not None else ""
            if note:
                messages.warning(
                    request,
                    f"Example setting: replace. {note} Once replaced, remove the mark under "
                    "Example settings to replace.",
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=audit_action(f"{obj._meta.model_name}.{'change' if change else 'create'}"),
            target=obj,
            data={"fields": sorted(form.changed_data)},
        )

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user, action=audit_action(f"{obj._meta.model_name}.delete"), target=obj
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(
                actor=request.user,
                action=audit_action(f"{obj._meta.model_name}.delete"),
                target=obj,
            )
        super().delete_queryset(request, queryset)


class InlineChangesAuditedMixin:
    """AuditedModelAdmin audits the object on the page; this audits what its inlines add,
    change and delete too (prices, refund rules, capacity matter as much as the parent)."""

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_record(
                actor=request.user,
                action=audit_action(f"{obj._meta.model_name}.delete"),
                target=obj,
            )
            obj.delete()
        changed_fields = {id(obj): fields for obj, fields in formset.changed_objects}
        new = {id(obj) for obj in formset.new_objects}
        for obj in instances:
            obj.save()
            created = id(obj) in new
            audit_record(
                actor=request.user,
                action=audit_action(f"{obj._meta.model_name}.{'create' if created else 'change'}"),
                target=obj,
                data={"fields": sorted(changed_fields.get(id(obj), []))},
            )
        formset.save_m2m()


def staff_page(request, model_admin, template: str, **context) -> TemplateResponse:
    """A custom staff page (an `admin_views.py` function) in the admin's frame: its header,
    navigation and the model's breadcrumbs."""
    return TemplateResponse(
        request,
        template,
        {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, **context},
    )


@admin.register(ExampleSetting)
class ExampleSettingAdmin(AuditedModelAdmin):
    """What the demo filled in with examples: staff replace each, then delete its mark."""

    list_display = ["object_label", "content_type", "note", "marked_at"]
    list_filter = ["content_type"]
    list_select_related = ["content_type"]
    readonly_fields = ["content_type", "object_id", "object_label", "note", "marked_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
