"""The registrations list's filters."""

from django.contrib import admin
from django_countries import countries

from icis.core.validators import id_or_none

from ..models import Registration
from ..selectors import category_label, registration_categories


class MemberFilter(admin.SimpleListFilter):
    title = "membership covers the meeting"
    parameter_name = "member"

    def lookups(self, request, model_admin):
        return [("yes", "Covered (member rate)"), ("no", "Not covered")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_member=True)
        if self.value() == "no":
            return queryset.filter(is_member=False)
        return queryset


class CategoryFilter(admin.SimpleListFilter):
    """The filtered meeting's categories; with no meeting chosen, all, labelled by meeting."""

    title = "category"
    parameter_name = "category"

    def lookups(self, request, model_admin):
        meeting_id = id_or_none(request.GET.get("meeting__id__exact"))
        if meeting_id is not None:
            return [
                (str(category.pk), category.name)
                for category in registration_categories().filter(meeting_id=meeting_id)
            ]
        return [
            (str(category.pk), category_label(category)) for category in registration_categories()
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        category_id = id_or_none(value)
        if category_id is None:
            return queryset.none()
        return queryset.filter(category_id=category_id)


class RegistrationCountryFilter(admin.SimpleListFilter):
    """Only the countries registrants come from (not all 250)."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = Registration.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(
            ((code, countries.name(code)) for code in codes if code), key=lambda pair: pair[1]
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset
