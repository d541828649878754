"""Members' reads. Other apps (meetings, awards, news) read membership only through here."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import MemberProfile, Membership, MembershipType

User = get_user_model()


@dataclass(frozen=True)
class Standing:
    """Where a member stands on a day, computed from the dates of their confirmed terms."""

    status: str  # "none", "active", "grace" or "lapsed"
    current: Membership | None  # the term covering the day, or the last one
    ends_on: date | None  # the last confirmed day (None: lifetime, or never a member)
    grace_until: date | None
    pending: Membership | None
    on: date

    @property
    def renewal_opens_on(self) -> date | None:
        if self.ends_on is None:
            return None
        return self.ends_on - timedelta(days=settings.MEMBERSHIP_RENEWAL_OPENS_DAYS)

    @property
    def can_renew(self) -> bool:
        return (
            self.current is not None
            and not self.is_lifetime
            and (self.renewal_opens_on is None or self.renewal_opens_on <= self.on)
        )

    @property
    def is_member(self) -> bool:
        return self.status in ("active", "grace")

    @property
    def is_lifetime(self) -> bool:
        return self.current is not None and self.ends_on is None


def profile_for(*, user) -> MemberProfile | None:
    """The person's member profile, if they have one (reading it never creates one)."""
    return MemberProfile.objects.filter(user=user).first()


def institutions_by_user(*, user_ids) -> dict[int, str]:
    """Each of these people's institution as their profile gives it, by user id (people with no
    profile are left out)."""
    return dict(
        MemberProfile.objects.filter(user_id__in=user_ids).values_list("user_id", "institution")
    )


def grace_days() -> int:
    return settings.MEMBERSHIP_GRACE_DAYS


def membership_standing(*, user, on: date | None = None) -> Standing:
    """One query: the member's confirmed and pending terms."""
    on = on or timezone.localdate()
    terms = list(
        Membership.objects.filter(user=user, cancelled_at__isnull=True)
        .select_related("membership_type", "payment")
        .order_by("start_date")
    )
    pending = next((term for term in terms if term.confirmed_at is None), None)
    confirmed = [term for term in terms if term.confirmed_at is not None and term.start_date]
    if not confirmed:
        return Standing("none", None, None, None, pending, on)
    lifetime = next((term for term in confirmed if term.end_date is None), None)
    if lifetime and lifetime.start_date <= on:
        return Standing("active", lifetime, None, None, pending, on)
    last = max(confirmed, key=lambda term: term.end_date or date.max)
    covering = next(
        (term for term in confirmed if term.start_date <= on <= (term.end_date or date.max)), None
    )
    ends_on = last.end_date
    grace_until = ends_on + timedelta(days=grace_days()) if ends_on else None
    # Standing on the day comes from the terms begun by then (a renewal may start later).
    begun = [term.end_date for term in confirmed if term.start_date <= on and term.end_date]
    ended_on = max(begun, default=None)
    if covering:
        status = "active"
    elif ended_on is None:
        status = "none"  # the first term starts later
    elif on <= ended_on + timedelta(days=grace_days()):
        status = "grace"
    else:
        status = "lapsed"
    return Standing(status, covering or last, ends_on, grace_until, pending, on)


def payment_with_registration(standing: Standing):
    """The payment awaiting the member that buys their pending membership together with a
    meeting registration (None when there is none): it is paid, or its registration cancelled,
    before another membership can be bought."""
    pending = standing.pending
    if pending is None or pending.payment is None or pending.payment.status != "pending":
        return None
    return pending.payment if pending.payment.items.count() > 1 else None


def member_is_active(*, user, on: date | None = None) -> bool:
    """Standing that counts for members-only pages and programmes: active or in grace. (A
    meeting's member rate asks more: `membership_covers` the meeting's dates.)"""
    return membership_standing(user=user, on=on).is_member


def membership_covers(*, user, first_day: date, last_day: date) -> bool:
    """Whether the member's membership covers every day from `first_day` to `last_day` (a
    meeting's dates, for its member rate). One query; the same rule as
    `Membership.objects.covers_dates` in a list."""
    return (
        User.objects.filter(pk=user.pk)
        .filter(
            Membership.objects.covers_dates(
                user=OuterRef("pk"), first_day=first_day, last_day=last_day
            )
        )
        .exists()
    )


def membership_next_start(*, user, on: date | None = None) -> date:
    """Where a term bought on `on` starts: the day after the membership ends while it is
    active or in grace; otherwise that day."""
    standing = membership_standing(user=user, on=on)
    if standing.status in ("active", "grace") and standing.ends_on:
        return standing.ends_on + timedelta(days=1)
    return standing.on


def member_ids_active_on(day: date):
    """Users whose membership is active on `day`: a subquery for directory and mailing lists."""
    return Membership.objects.covering(day).values("user_id")


def member_ids_in_standing_on(day: date):
    """Users who are members on `day` as `membership_standing` counts them (active, or in the
    grace period after a term): `member_is_active` for a whole list, as a subquery."""
    return (
        Membership.objects.confirmed()
        .filter(start_date__lte=day)
        .filter(Q(end_date__gte=day - timedelta(days=grace_days())) | Q(end_date__isnull=True))
        .values("user_id")
    )


def membership_types_sold(*, pks=None) -> QuerySet[MembershipType]:
    """The types on sale (only those of `pks` when given): a queryset, for a form's choices."""
    types = MembershipType.objects.filter(is_active=True, is_purchasable=True)
    return types if pks is None else types.filter(pk__in=pks)


def membership_types_offered() -> list[MembershipType]:
    return list(membership_types_sold().prefetch_related("prices"))


def membership_covers_condition(*, user, first_day, last_day) -> Exists:
    """`membership_covers` for every row of a list, as one subquery: the arguments may be
    `OuterRef`s (a registration's user and its meeting's dates)."""
    return Membership.objects.covers_dates(user=user, first_day=first_day, last_day=last_day)


def membership_type_paid_by(*, payment_id: int | None) -> int | None:
    """The membership type bought in a payment (joining with a registration), or None."""
    if payment_id is None:
        return None
    return (
        Membership.objects.filter(payment_id=payment_id)
        .values_list("membership_type_id", flat=True)
        .first()
    )


def membership_types_for(*, profile: MemberProfile | None) -> list[tuple[MembershipType, str]]:
    """Each type on offer with the reason it cannot be chosen, or "" when it can."""
    return [
        (membership_type, eligibility_problem(profile=profile, membership_type=membership_type))
        for membership_type in membership_types_offered()
    ]


def eligibility_problem(*, profile: MemberProfile | None, membership_type: MembershipType) -> str:
    if not (membership_type.is_active and membership_type.is_purchasable):
        return "This membership is not offered online."
    if not membership_type.career_stages:
        return ""
    if profile is None or not profile.career_stage:
        return "Tell us your career stage in your profile first."
    if profile.career_stage not in membership_type.career_stages:
        stages = ", ".join(label.lower() for label in membership_type.career_stage_labels())
        return f"Only for {stages}."
    return ""


def directory_page(
    *, query: str = "", country: str = "", page_number=1, on: date | None = None, per_page: int = 25
) -> Page:
    """Active members who chose to be listed, matching the search. Two queries a page."""
    on = on or timezone.localdate()
    profiles = (
        MemberProfile.objects.filter(
            directory_opt_in=True, user__in=member_ids_active_on(on), user__is_active=True
        )
        .select_related("user")
        .only(
            "title",
            "degrees",
            "institution",
            "department",
            "country",
            "research_interests",
            "orcid",
            "career_stage",
            "user__first_name",
            "user__last_name",
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for word in query.split()[:8]:
        profiles = profiles.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(institution__icontains=word)
            | Q(department__icontains=word)
            | Q(research_interests__icontains=word)
        )
    if country:
        profiles = profiles.filter(country=country)
    return Paginator(profiles, per_page).get_page(page_number)
