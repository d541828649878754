"""Reads of the exhibitor hall."""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from members import selectors as member_selectors

from ..models import Meeting, Registration
from .models import Booth, BoothResource, BoothStaff, BoothVisitDay, Lead


def hall_booths(*, meeting: Meeting) -> list[Booth]:
    """The booths shown in the hall, by tier (lower rank first, untiered last), then order."""
    return list(
        Booth.objects.filter(sponsor__meeting=meeting, is_listed=True)
        .select_related("sponsor__tier")
        .order_by(
            F("sponsor__tier__rank").asc(nulls_last=True),
            "sponsor__tier__name",
            "sponsor__ordering",
            "sponsor__name",
        )
    )


def booth_get(*, meeting: Meeting, booth_id: int) -> Booth | None:
    return (
        Booth.objects.filter(pk=booth_id, sponsor__meeting=meeting, is_listed=True)
        .select_related("sponsor__tier")
        .first()
    )


def booth_staffed_by(*, meeting: Meeting, booth_id: int, user) -> Booth | None:
    """The booth, if `user` staffs it (booth staff need not attend the meeting)."""
    if not user.is_authenticated:
        return None
    return (
        Booth.objects.filter(
            pk=booth_id, sponsor__meeting=meeting, is_listed=True, staff_links__user=user
        )
        .select_related("sponsor__tier")
        .first()
    )


def is_booth_staff(*, booth: Booth, user) -> bool:
    if not user.is_authenticated:
        return False
    return BoothStaff.objects.filter(booth=booth, user=user).exists()


def booth_page(*, booth: Booth) -> dict:
    """What the booth page lists: opening hours and resources."""
    return {
        "hours": list(booth.hours.all()),
        "resources": list(booth.resources.all()),
    }


def resource_get(*, booth: Booth, resource_id: int) -> BoothResource | None:
    return booth.resources.exclude(file="").filter(pk=resource_id).first()


def lead_of(*, booth: Booth, user) -> Lead | None:
    if not user.is_authenticated:
        return None
    return Lead.objects.filter(booth=booth, user=user).first()


def contact_defaults(*, meeting: Meeting, user) -> dict:
    """What an attendee's contact request is prefilled with: the affiliation and country of
    their registration for the meeting, else their member profile's."""
    registration = (
        Registration.objects.filter(
            meeting=meeting, user=user, status=Registration.Status.CONFIRMED
        )
        .only("affiliation", "country", "badge_name")
        .first()
    )
    institution = registration.affiliation if registration else ""
    country = str(registration.country.name) if registration and registration.country else ""
    if not institution or not country:
        profile = member_selectors.profile_for(user=user)
        if profile is not None:
            institution = institution or profile.institution
            country = country or (str(profile.country.name) if profile.country else "")
    name = user.get_full_name() or (registration.badge_name if registration else "") or user.email
    return {"name": name, "email": user.email, "institution": institution, "country": country}


def leads_for(*, booth: Booth) -> list[Lead]:
    return list(booth.leads.order_by("-updated_at", "-pk"))


def engagement(*, booth: Booth) -> dict:
    """Counts, never identities: visits by day, contact requests, file downloads."""
    return {
        "visit_days": list(BoothVisitDay.objects.filter(booth=booth).order_by("day")),
        "leads": Lead.objects.filter(booth=booth).count(),
        "downloads": BoothResource.objects.filter(booth=booth).aggregate(
            total=Coalesce(Sum("downloads"), 0)
        )["total"],
    }


def booths_with_counts(queryset):
    """The admin's list: each booth with its visits, leads and downloads, in one query."""
    visits = (
        BoothVisitDay.objects.filter(booth=OuterRef("pk"))
        .values("booth")
        .annotate(total=Sum("visits"))
        .values("total")
    )
    downloads = (
        BoothResource.objects.filter(booth=OuterRef("pk"))
        .values("booth")
        .annotate(total=Sum("downloads"))
        .values("total")
    )
    leads = Lead.objects.filter(booth=OuterRef("pk")).values("booth").annotate(n=Count("pk"))
    return queryset.annotate(
        visit_count=Coalesce(Subquery(visits, output_field=IntegerField()), 0),
        download_count=Coalesce(Subquery(downloads, output_field=IntegerField()), 0),
        lead_count=Coalesce(Subquery(leads.values("n"), output_field=IntegerField()), 0),
    )
