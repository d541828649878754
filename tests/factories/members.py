"""Members: a profile, a membership type, a term, and a member whose term ends on a date."""

from datetime import UTC, date, datetime, timedelta

import factory
from django.utils import timezone

from members.models import CareerStage, MemberProfile, Membership, MembershipType

from .accounts import UserFactory


class MemberProfileFactory(factory.django.DjangoModelFactory):
    """A senior researcher's profile, complete enough to join."""

    class Meta:
        model = MemberProfile

    user = factory.SubFactory(UserFactory)
    institution = "University of Example"
    country = "GB"
    career_stage = CareerStage.SENIOR


class MembershipTypeFactory(factory.django.DjangoModelFactory):
    """The Regular type (a twelve-month term), or the one with this slug if it exists."""

    class Meta:
        model = MembershipType
        django_get_or_create = ("slug",)

    slug = "regular"
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    term_months = 12


class MembershipFactory(factory.django.DjangoModelFactory):
    """A confirmed Regular term of a year, imported from the old records, ending `end_date`."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    membership_type = factory.SubFactory(MembershipTypeFactory)
    source = Membership.Source.IMPORT
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=200))
    start_date = factory.LazyAttribute(lambda o: o.end_date - timedelta(days=364))
    confirmed_at = factory.LazyAttribute(
        lambda o: datetime(o.start_date.year, o.start_date.month, o.start_date.day, 8, tzinfo=UTC)
    )


def member_with_term(*, ends_on: date, membership_type=None, user=None, **profile) -> Membership:
    """A member with a profile and one confirmed year-long term ending on `ends_on` (the
    Regular type unless given). `profile` overrides the profile's fields. Returns the term."""
    user = user or UserFactory(first_name="Ada")
    MemberProfileFactory(user=user, **profile)
    return MembershipFactory(
        user=user,
        membership_type=membership_type or MembershipTypeFactory(),
        end_date=ends_on,
    )
