"""Awards: programs, their calls, applications, panels and past recipients."""

from datetime import timedelta

import factory
from django.utils import timezone

from awards.models import (
    Application,
    AwardCycle,
    AwardProgram,
    Conflict,
    Criterion,
    DocumentKind,
    Level,
    PanelMember,
    Recipient,
    RefereeRequest,
    RequiredDocument,
    Review,
    Score,
)

from .accounts import UserFactory


class AwardProgramFactory(factory.django.DjangoModelFactory):
    """A senior award open to anyone, members or not."""

    class Meta:
        model = AwardProgram

    name = factory.Sequence(lambda n: f"Award {n}")
    slug = factory.Sequence(lambda n: f"award-{n}")
    level = Level.SENIOR
    summary = "An award of the society."


class AwardCycleFactory(factory.django.DjangoModelFactory):
    """This year's call, opened a week ago and closing in three weeks."""

    class Meta:
        model = AwardCycle

    class Params:
        now = factory.LazyFunction(timezone.now)

    program = factory.SubFactory(AwardProgramFactory)
    year = factory.LazyAttribute(lambda o: o.now.year)
    opens_at = factory.LazyAttribute(lambda o: o.now - timedelta(days=7))
    closes_at = factory.LazyAttribute(lambda o: o.now + timedelta(days=21))


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft application by its own candidate."""

    class Meta:
        model = Application

    cycle = factory.SubFactory(AwardCycleFactory)
    created_by = factory.SubFactory(UserFactory)
    candidate = factory.SelfAttribute("created_by")
    candidate_name = factory.LazyAttribute(
        lambda o: o.created_by.get_full_name() if o.created_by else ""
    )
    candidate_email = factory.LazyAttribute(lambda o: o.candidate.email if o.candidate else "")


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    cycle = factory.SubFactory(AwardCycleFactory)
    reviewer = factory.SubFactory(UserFactory)


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(UserFactory)
    reason = "Co-author"


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recipient

    program = factory.SubFactory(AwardProgramFactory)
    year = 2019
    name = factory.Sequence(lambda n: f"Recipient {n}")


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    """A CV of up to two pages and 2 MB."""

    class Meta:
        model = RequiredDocument

    cycle = factory.SubFactory(AwardCycleFactory)
    kind = DocumentKind.CV
    max_pages = 2
    max_mb = 2


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    cycle = factory.SubFactory(AwardCycleFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1


class RefereeRequestFactory(factory.django.DjangoModelFactory):
    """A letter asked of a referee, due when the call closes."""

    class Meta:
        model = RefereeRequest

    application = factory.SubFactory(ApplicationFactory)
    name = factory.Sequence(lambda n: f"Referee {n}")
    email = factory.Sequence(lambda n: f"referee{n}@example.org")
    expires_at = factory.LazyAttribute(lambda o: o.application.cycle.closes_at)


class ReviewFactory(factory.django.DjangoModelFactory):
    """An assignment: a panel member to review an application, not yet submitted."""

    class Meta:
        model = Review

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(UserFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(
        CriterionFactory, cycle=factory.SelfAttribute("..review.application.cycle")
    )
    value = 3
