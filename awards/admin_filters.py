"""The list filters of the awards' admin pages."""

from django.contrib import admin

from icis.core.validators import id_or_none

from .models import AwardCycle


class CycleFilter(admin.SimpleListFilter):
    """The calls, named with their program, in one query (not one per call)."""

    title = "call"
    parameter_name = "cycle"
    lookup = "cycle_id"

    def lookups(self, request, model_admin):
        cycles = AwardCycle.objects.select_related("program")
        return [(str(cycle.pk), str(cycle)) for cycle in cycles]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        cycle_id = id_or_none(value)
        if cycle_id is None:
            return queryset.none()
        return queryset.filter(**{self.lookup: cycle_id})


class ReviewCycleFilter(CycleFilter):
    lookup = "application__cycle_id"


class SubmittedFilter(admin.SimpleListFilter):
    title = "submitted"
    parameter_name = "submitted"

    def lookups(self, request, model_admin):
        return [("yes", "Submitted"), ("no", "Not yet")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(submitted_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(submitted_at__isnull=True)
        return queryset
